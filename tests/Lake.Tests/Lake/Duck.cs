using DuckDB.NET.Data;

namespace Lake.Tests.Lake;

/// <summary>DuckDB as the analyst reads the lake: hive partitions, UTC session.</summary>
internal sealed class Duck : IDisposable
{
    private readonly DuckDBConnection _connection;

    public Duck()
    {
        _connection = new DuckDBConnection("Data Source=:memory:");
        _connection.Open();
        Execute("SET TimeZone = 'UTC'");
    }

    public static string Events(string lake, string type = "*") => $"read_parquet('{lake}/events/event_type={type}/**/*.parquet', hive_partitioning = true, union_by_name = true)";
    public static string Zone(string lake, string zone) => $"read_parquet('{lake}/{zone}/**/*.parquet', hive_partitioning = true)";

    public void Execute(string sql)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    public T Scalar<T>(string sql)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = sql;
        return (T)Convert.ChangeType(cmd.ExecuteScalar()!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    public List<object?[]> Rows(string sql)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = sql;
        using var reader = cmd.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? null : Own(reader.GetValue(i));
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>
    /// DuckDB.NET returns a BLOB as a stream over DuckDB's own memory, valid only while the reader is on that row:
    /// copy it out before moving on (reading it later returned freed memory).
    /// </summary>
    private static object Own(object value)
    {
        if (value is not Stream blob) return value;
        using var ms = new MemoryStream();
        blob.CopyTo(ms);
        return ms.ToArray();
    }

    public Dictionary<string, string> Describe(string source) =>
        Rows($"DESCRIBE SELECT * FROM {source}").ToDictionary(r => (string)r[0]!, r => (string)r[1]!);

    public void Dispose() => _connection.Dispose();
}

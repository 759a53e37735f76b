using System.Data.Common;
using System.Text.RegularExpressions;
using DuckDB.NET.Data;

namespace Lake.Query;

/// <summary>One column of a query result: its name, DuckDB.NET's type name (e.g. Decimal, TimestampTz) and the .NET type of its values.</summary>
public sealed record QueryColumn(string Name, string TypeName, Type ClrType);

/// <summary>A query's columns and rows; values are .NET values as DuckDB.NET returns them (structs as dictionaries, lists as lists).</summary>
public sealed record QueryResult(IReadOnlyList<QueryColumn> Columns, IReadOnlyList<object?[]> Rows);

/// <summary>A query that DuckDB rejected (bad SQL, unknown view or column), with DuckDB's message.</summary>
public sealed class LakeQueryException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>An in-memory DuckDB session over a lake folder: one view per event type folder, plus <c>raw</c> and <c>quarantine</c>.</summary>
public sealed partial class LakeQuery : IDisposable
{
    private readonly DuckDBConnection _connection;
    private readonly List<string> _views = [];

    private LakeQuery(DuckDBConnection connection) => _connection = connection;

    /// <summary>The views created, in creation order (event types sorted by name, then raw, then quarantine).</summary>
    public IReadOnlyList<string> Views => _views;

    [GeneratedRegex("^[a-z][a-z0-9_]*$")]
    private static partial Regex TypeName();

    /// <summary>Opens a session over <paramref name="lakeDirectory"/>; throws <see cref="DirectoryNotFoundException"/> when it does not exist.</summary>
    public static LakeQuery Open(string lakeDirectory)
    {
        var lake = Path.GetFullPath(lakeDirectory);
        if (!Directory.Exists(lake)) throw new DirectoryNotFoundException($"lake folder '{lakeDirectory}' does not exist");
        var connection = new DuckDBConnection("Data Source=:memory:");
        var session = new LakeQuery(connection);
        try
        {
            connection.Open();
            session.Execute("SET TimeZone = 'UTC'");
            var events = Path.Combine(lake, "events");
            if (Directory.Exists(events))
            {
                var types = Directory.GetDirectories(events)
                    .Select(Path.GetFileName)
                    .Where(n => n!.StartsWith("event_type=", StringComparison.Ordinal))
                    .Select(n => n!["event_type=".Length..])
                    .Where(t => TypeName().IsMatch(t) && t is not ("raw" or "quarantine"))
                    .Order(StringComparer.Ordinal);
                foreach (var type in types)
                    session.CreateView(type, Path.Combine(events, "event_type=" + type), exclude: "event_type");
            }
            session.CreateView("raw", Path.Combine(lake, "raw"), hive: false);
            session.CreateView("quarantine", Path.Combine(lake, "quarantine"));
            return session;
        }
        catch (DbException e)
        {
            session.Dispose();
            throw new LakeQueryException("cannot read the lake: " + e.Message, e);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>Creates a view over the visible .parquet files under a folder; folders without any get no view.</summary>
    private void CreateView(string name, string folder, string? exclude = null, bool hive = true)
    {
        if (!TypeName().IsMatch(name)) throw new ArgumentException($"invalid view name '{name}'", nameof(name));
        if (!HasVisibleParquet(folder)) return;
        var glob = folder.Replace('\\', '/') + "/**/*.parquet";
        // Hive partitioning turns every key=value folder of the path into a column; the event type is the view's name, not a column.
        var select = exclude is null ? "*" : $"* EXCLUDE (\"{exclude}\")";
        if (hive)
        {
            Execute($"CREATE VIEW \"{name}\" AS SELECT {select} FROM read_parquet({Literal(glob)}, hive_partitioning = true)");
        }
        else
        {
            // raw files have a source column and sit under source=<sanitised source>/: hive partitioning would replace the
            // column's value with the folder's, so only dt is taken from the path.
            Execute($"CREATE VIEW \"{name}\" AS SELECT * EXCLUDE (filename), "
                + "CAST(regexp_extract(filename, '/dt=([0-9]{4}-[0-9]{2}-[0-9]{2})/[^/]*$', 1) AS DATE) AS dt "
                + $"FROM read_parquet({Literal(glob)}, hive_partitioning = false, filename = true)");
        }
        _views.Add(name);
    }

    /// <summary>Whether the view's glob would match a file: any name ending in .parquet (so not the hidden .&lt;name&gt;.inprogress files).</summary>
    private static bool HasVisibleParquet(string folder) =>
        Directory.Exists(folder) && Directory.EnumerateFiles(folder, "*.parquet", SearchOption.AllDirectories).Any();

    /// <summary>A SQL string literal: single quotes doubled.</summary>
    internal static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>Runs <paramref name="sql"/> and returns all of its rows; DuckDB errors become <see cref="LakeQueryException"/>.</summary>
    public QueryResult Run(string sql)
    {
        try
        {
            using var command = _connection.CreateCommand();
            command.CommandText = sql;
            using var reader = command.ExecuteReader();
            var columns = new QueryColumn[reader.FieldCount];
            for (var i = 0; i < columns.Length; i++) columns[i] = new QueryColumn(reader.GetName(i), reader.GetDataTypeName(i), reader.GetFieldType(i));
            var rows = new List<object?[]>();
            while (reader.Read())
            {
                var row = new object?[columns.Length];
                for (var i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? null : Detach(reader.GetValue(i));
                rows.Add(row);
            }
            return new QueryResult(columns, rows);
        }
        catch (DbException e)
        {
            throw new LakeQueryException(e.Message, e);
        }
    }

    /// <summary>BLOBs come back as streams over DuckDB's memory; copy them before the reader moves on.</summary>
    private static object Detach(object value)
    {
        if (value is not Stream stream) return value;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        stream.Dispose();
        return copy.ToArray();
    }

    public void Dispose() => _connection.Dispose();
}

using DuckDB.NET.Data;
using Lake.Tests.Cli;

namespace Lake.Tests.Query;

/// <summary>A small lake in a temp folder whose Parquet files DuckDB itself writes into the contracted layout.</summary>
internal sealed class TestLake : IDisposable
{
    private readonly TempFolder _folder = new();

    public TestLake() => Directory.CreateDirectory(Root);

    public string Root => _folder["lake"];

    /// <summary>Writes the rows of <paramref name="select"/> as Parquet to <paramref name="relativePath"/> under the lake root.</summary>
    public TestLake Write(string relativePath, string select)
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SET TimeZone = 'UTC'; COPY ({select}) TO '{path.Replace("'", "''", StringComparison.Ordinal)}' (FORMAT parquet)";
        command.ExecuteNonQuery();
        return this;
    }

    /// <summary>One order_placed row per (id, total, day) with the full envelope and a struct and list field.</summary>
    public TestLake OrderPlaced(string file, string day, params (string Id, string Total)[] rows) =>
        Write($"events/event_type=order_placed/dt={day}/{file}", string.Join(" UNION ALL ", rows.Select(r => $$"""
            SELECT '{{r.Id}}' AS event_id, 3::INTEGER AS event_version, TIMESTAMPTZ '{{day}} 10:00:00+00' AS occurred_at,
                   TIMESTAMPTZ '{{day}} 10:00:01.5+00' AS recorded_at, 'shop' AS producer, 'o-{{r.Id}}' AS aggregate_id,
                   'shop.orders' AS source, 0::INTEGER AS source_partition, 7::BIGINT AS source_offset,
                   'o-{{r.Id}}' AS order_id, 'c-1' AS customer_id,
                   {'line1': '1 Main St', 'city': 'Paris', 'zip': '75001'} AS billing_address,
                   [{'sku': 'A', 'quantity': 2::INTEGER, 'unit_price': 6.25::DECIMAL(18,2)}] AS items,
                   {{r.Total}}::DECIMAL(18,2) AS total, 'EUR' AS currency
            """)));

    public void Dispose() => _folder.Dispose();
}

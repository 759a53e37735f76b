using Lake.Core.Schema;
using Lake.Parquet;

namespace Lake.Tests.Lake;

/// <summary>
/// Readers skip row groups by their min/max statistics; wrong statistics make a filter miss rows. Regression for
/// aloneguid/parquet-dotnet#769 (TIMESTAMP(MICROS) statistics written in milliseconds: DuckDB found no row for recorded_at >= X).
/// </summary>
public class StatisticsPruningTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "lake-stats-" + Guid.NewGuid().ToString("N"));

    public StatisticsPruningTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Regression_parquet_dotnet_769_timestamp_and_date_filters_find_every_matching_row(int rowGroupRows)
    {
        var schema = new TableSchema([new("t", FieldType.Timestamp, Required: true), new("opt", FieldType.Timestamp), new("day", FieldType.Date)]);
        var start = new DateTime(2026, 9, 1, 0, 0, 0, DateTimeKind.Utc).AddTicks(1230);
        var rows = Enumerable.Range(0, 10).Select(i => new object?[] { start.AddHours(i * 7), i % 3 == 0 ? null : start.AddDays(i), DateOnly.FromDateTime(start.AddDays(i)) }).ToList();
        var file = Path.Combine(_dir, "t.parquet");
        using (var f = File.Create(file)) ParquetTableWriter.Write(f, schema, rows, new ParquetSettings { RowGroupRows = rowGroupRows });

        using var duck = new Duck();
        foreach (var (column, literal) in new[] { ("t", "TIMESTAMPTZ '2026-09-02 04:00:00+00'"), ("opt", "TIMESTAMPTZ '2026-09-05 00:00:00+00'"), ("day", "DATE '2026-09-06'") })
        {
            // The second form hides the comparison from the scan, so no statistics are consulted: the two counts must agree.
            var pruned = duck.Scalar<long>($"SELECT count(*) FROM read_parquet('{file}') WHERE {column} >= {literal}");
            var scanned = duck.Scalar<long>($"SELECT count(*) FROM read_parquet('{file}') WHERE coalesce({column}, NULL) >= {literal}");
            Assert.True(scanned > 0 && scanned < 10, $"{column}: the filter should select some rows, not {scanned}");
            Assert.Equal(scanned, pruned);
        }
        var stats = duck.Rows($"SELECT stats_min, stats_max FROM parquet_metadata('{file}') WHERE path_in_schema = 't' ORDER BY row_group_id");
        Assert.Equal(start.ToString("yyyy-MM-dd HH:mm:ss.ffffff") + "+00", stats[0][0]);
    }
}

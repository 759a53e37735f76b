using System.Text.Json;
using Lake.Tests.Cli;

namespace Lake.Tests.Query;

public sealed class QueryCommandPrintsTableCsvAndJson
{
    private const string Sql = "SELECT event_id, dt, total, occurred_at, billing_address, 'say \"hi\", bye' AS note FROM order_placed ORDER BY event_id";

    private static TestLake Lake() => new TestLake()
        .OrderPlaced("a.parquet", "2026-01-01", ("e1", "12.50"))
        .OrderPlaced("b.parquet", "2026-01-02", ("e2", "3"));

    [Fact]
    public void The_default_table_aligns_headers_and_values_with_decimal_scale_and_utc_timestamps()
    {
        using var lake = Lake();

        var outcome = LakeCli.InProcess("query", "--lake", lake.Root, "SELECT event_id, dt, total, occurred_at FROM order_placed ORDER BY event_id");

        Assert.Equal(0, outcome.ExitCode);
        var lines = outcome.Out.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        Assert.Equal(
        [
            "event_id | dt         | total | occurred_at",
            "---------+------------+-------+---------------------",
            "e1       | 2026-01-01 | 12.50 | 2026-01-01T10:00:00Z",
            "e2       | 2026-01-02 |  3.00 | 2026-01-02T10:00:00Z",
            "(2 rows)",
        ], lines);
    }

    [Fact]
    public void Csv_quotes_fields_with_commas_and_quotes_as_rfc_4180_says()
    {
        using var lake = Lake();

        var outcome = LakeCli.InProcess("query", "--lake", lake.Root, "--format", "csv", Sql);

        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal(
            "event_id,dt,total,occurred_at,billing_address,note\r\n"
            + "e1,2026-01-01,12.50,2026-01-01T10:00:00Z,\"{\"\"line1\"\":\"\"1 Main St\"\",\"\"city\"\":\"\"Paris\"\",\"\"zip\"\":\"\"75001\"\"}\",\"say \"\"hi\"\", bye\"\r\n"
            + "e2,2026-01-02,3.00,2026-01-02T10:00:00Z,\"{\"\"line1\"\":\"\"1 Main St\"\",\"\"city\"\":\"\"Paris\"\",\"\"zip\"\":\"\"75001\"\"}\",\"say \"\"hi\"\", bye\"\r\n",
            outcome.Out);
    }

    [Fact]
    public void Json_prints_one_object_per_line_with_nested_structs_and_exact_decimals()
    {
        using var lake = Lake();

        var outcome = LakeCli.InProcess("query", "--lake", lake.Root, "--format", "json", Sql);

        Assert.Equal(0, outcome.ExitCode);
        var lines = outcome.Out.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("{\"event_id\":\"e1\",\"dt\":\"2026-01-01\",\"total\":12.50,\"occurred_at\":\"2026-01-01T10:00:00Z\",", lines[0], StringComparison.Ordinal);
        using var second = JsonDocument.Parse(lines[1]);
        var root = second.RootElement;
        Assert.Equal("e2", root.GetProperty("event_id").GetString());
        Assert.Equal("3.00", root.GetProperty("total").GetRawText());
        Assert.Equal("Paris", root.GetProperty("billing_address").GetProperty("city").GetString());
        Assert.Equal("say \"hi\", bye", root.GetProperty("note").GetString());
    }
}

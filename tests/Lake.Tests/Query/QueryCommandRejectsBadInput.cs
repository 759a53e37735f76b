using Lake.Tests.Cli;

namespace Lake.Tests.Query;

public sealed class QueryCommandRejectsBadInput
{
    [Fact]
    public void Bad_sql_exits_2_with_duckdbs_message()
    {
        using var lake = new TestLake().OrderPlaced("a.parquet", "2026-01-01", ("e1", "1"));

        var outcome = LakeCli.InProcess("query", "--lake", lake.Root, "SELEC * FROM order_placed");

        Assert.Equal(2, outcome.ExitCode);
        Assert.StartsWith("lake: query failed: ", outcome.Err, StringComparison.Ordinal);
        Assert.Contains("syntax error", outcome.Err, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("", outcome.Out);
    }

    [Fact]
    public void An_unknown_view_exits_2_naming_it()
    {
        using var lake = new TestLake().OrderPlaced("a.parquet", "2026-01-01", ("e1", "1"));

        var outcome = LakeCli.InProcess("query", "--lake", lake.Root, "SELECT * FROM order_shipped");

        Assert.Equal(2, outcome.ExitCode);
        Assert.StartsWith("lake: query failed: ", outcome.Err, StringComparison.Ordinal);
        Assert.Contains("order_shipped", outcome.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void A_lake_folder_that_does_not_exist_exits_2_naming_it()
    {
        using var lake = new TestLake();
        var missing = Path.Combine(lake.Root, "missing-lake");

        var outcome = LakeCli.InProcess("query", "--lake", missing, "SELECT 1");

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains(missing, outcome.Err, StringComparison.Ordinal);
        Assert.Contains("does not exist", outcome.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_format_is_rejected()
    {
        using var lake = new TestLake();

        var outcome = LakeCli.InProcess("query", "--lake", lake.Root, "--format", "xml", "SELECT 1");

        Assert.NotEqual(0, outcome.ExitCode);
        Assert.Contains("xml", outcome.Err, StringComparison.Ordinal);
    }
}

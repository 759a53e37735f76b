using Lake.Core.Catalog;
using Lake.Pipelines;

namespace Lake.Tests.Cli;

public class CatalogCheckReportsBreakingChanges
{
    private static string ReplaceLast(string text, string from, string to)
    {
        var at = text.LastIndexOf(from, StringComparison.Ordinal);
        Assert.True(at >= 0, $"'{from}' not found");
        return text[..at] + to + text[(at + from.Length)..];
    }

    private static string ChangedShop(TempFolder temp, string file, string from, string to)
    {
        var dir = temp.Copy(Repo.Pipeline("shop"), "shop");
        var path = Path.Combine(dir, "events", file);
        File.WriteAllText(path, ReplaceLast(File.ReadAllText(path), from, to));
        return dir;
    }

    [Fact]
    public void The_shop_catalog_is_compatible_with_itself()
    {
        var catalog = PipelineLoader.Load(Repo.Pipeline("shop")).Catalog;
        Assert.Empty(CompatibilityCheck.Compare(catalog, catalog));
        var outcome = LakeCli.InProcess("catalog", "check", "--pipeline", Repo.Pipeline("shop"), "--against", Repo.Pipeline("shop"));
        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains("no breaking changes", outcome.Out);
    }

    [Theory]
    [InlineData("order_confirmed.yaml", "confirmed_by: string", "approved_by: string", "order_confirmed", "'confirmed_by' was renamed or deleted")]
    [InlineData("order_placed.yaml", "total: decimal(18,2)", "total: int32", "order_placed", "'total' changed type from decimal(18,2) to int32")]
    [InlineData("order_confirmed.yaml", "confirmed_by: string", "confirmed_by: string\n      note: string!", "order_confirmed", "required field 'note' was added without a default")]
    [InlineData("customer_registered.yaml", "customer_status: enum(new|active|inactive)", "customer_status: enum(new|active)", "customer_registered", "'customer_status' lost value(s) inactive")]
    public void A_breaking_change_to_a_latest_version_is_reported_with_the_field_named_and_fails_the_command(
        string file, string from, string to, string type, string expected)
    {
        using var temp = new TempFolder();
        var changed = ChangedShop(temp, file, from, to);
        var problems = CompatibilityCheck.Compare(PipelineLoader.Load(Repo.Pipeline("shop")).Catalog, PipelineLoader.Load(changed).Catalog);
        var problem = Assert.Single(problems);
        Assert.StartsWith(type + " ", problem);
        Assert.Contains(expected, problem);

        var outcome = LakeCli.InProcess("catalog", "check", "--pipeline", changed, "--against", Repo.Pipeline("shop"));
        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("1 breaking change(s)", outcome.Out);
        Assert.Contains(expected, outcome.Out);
    }

    [Fact]
    public void Widening_int32_to_int64_in_a_latest_version_is_not_reported()
    {
        using var temp = new TempFolder();
        var changed = ChangedShop(temp, "order_placed.yaml", "quantity: int32", "quantity: int64");
        Assert.Empty(CompatibilityCheck.Compare(PipelineLoader.Load(Repo.Pipeline("shop")).Catalog, PipelineLoader.Load(changed).Catalog));
        Assert.Equal(0, LakeCli.InProcess("catalog", "check", "--pipeline", changed, "--against", Repo.Pipeline("shop")).ExitCode);
    }
}

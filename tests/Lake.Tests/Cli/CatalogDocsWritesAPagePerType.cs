namespace Lake.Tests.Cli;

public class CatalogDocsWritesAPagePerType
{
    [Fact]
    public void Shop_docs_have_an_index_and_one_page_per_type_with_nested_fields_upcast_path_and_legacy_note()
    {
        using var temp = new TempFolder();
        var outcome = LakeCli.InProcess("catalog", "docs", "--pipeline", Repo.Pipeline("shop"), "--out", temp["docs"]);
        Assert.Equal(0, outcome.ExitCode);

        string[] types = ["customer_registered", "order_cancelled", "order_confirmed", "order_dispatched", "order_placed", "order_shipped", "payment_captured"];
        var files = Directory.GetFiles(temp["docs"]).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(types.Select(t => t + ".md").Append("index.md").Order(StringComparer.Ordinal).ToArray(), files);

        var index = File.ReadAllText(Path.Combine(temp["docs"], "index.md"));
        foreach (var t in types) Assert.Contains($"[{t}]({t}.md)", index);

        var placed = File.ReadAllText(Path.Combine(temp["docs"], "order_placed.md"));
        Assert.Contains("`billing_address.line1`", placed);
        Assert.Contains("`items[].unit_price`", placed);
        Assert.Contains("- v1 -> v2: ", placed);
        Assert.Contains("- v2 -> v3: ", placed);
        Assert.Contains("## Example (v3)", placed);

        var dispatched = File.ReadAllText(Path.Combine(temp["docs"], "order_dispatched.md"));
        Assert.Contains("becomes order_shipped v1", dispatched);
    }
}

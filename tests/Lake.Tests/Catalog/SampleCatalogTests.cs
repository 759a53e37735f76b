using Lake.Pipelines;

namespace Lake.Tests.Catalog;

public class SampleCatalogTests
{
    [Theory]
    [InlineData("bank")]
    [InlineData("shop")]
    public void The_sample_pipeline_loads_without_errors(string name)
    {
        var pipeline = PipelineLoader.Load(Repo.Pipeline(name));
        Assert.NotEmpty(pipeline.Catalog.Types);
        Assert.Matches("^[0-9a-f]{64}$", pipeline.Catalog.Fingerprint);
    }

    [Theory]
    [InlineData("bank")]
    [InlineData("shop")]
    public void The_fingerprint_is_the_same_on_every_load(string name)
    {
        Assert.Equal(PipelineLoader.Load(Repo.Pipeline(name)).Catalog.Fingerprint, PipelineLoader.Load(Repo.Pipeline(name)).Catalog.Fingerprint);
    }

    [Theory]
    [InlineData("total: string", "total: int64")]
    [InlineData("total: string", "total: string!")]
    [InlineData("total: string", "amount: string")]
    [InlineData("total: string", "total: { type: string, default: \"0\" }")]
    [InlineData("total: string", "total: { type: string, null_if: [\"\"] }")]
    [InlineData("- add: currency", "- add: { field: currency, value: USD }")]
    public void The_fingerprint_changes_when_a_declaration_changes(string before, string after)
    {
        const string yaml = """
            versions:
              1:
                fields:
                  order_id: string!
                  total: string
              2:
                upcast:
                  - add: currency
                fields:
                  order_id: string!
                  total: string
                  currency: string
            """;
        using var a = new PipelineFolder().Event("order_placed", yaml);
        using var b = new PipelineFolder().Event("order_placed", yaml.Replace(before, after));
        using var c = new PipelineFolder().Event("order_placed", yaml);
        Assert.NotEqual(yaml, yaml.Replace(before, after));
        Assert.Equal(a.Load().Catalog.Fingerprint, c.Load().Catalog.Fingerprint);
        Assert.NotEqual(a.Load().Catalog.Fingerprint, b.Load().Catalog.Fingerprint);
    }

    [Fact]
    public void The_fingerprint_ignores_descriptions_and_the_folder_location()
    {
        const string yaml = "versions:\n  1:\n    fields:\n      order_id: string!\n";
        using var a = new PipelineFolder().Event("order_placed", yaml);
        using var b = new PipelineFolder().Event("order_placed", "description: Placed.\nowner: team\n" + yaml);
        Assert.Equal(a.Load().Catalog.Fingerprint, b.Load().Catalog.Fingerprint);
    }
}

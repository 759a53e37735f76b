using Lake.Pipelines;
using Lake.Core.Schema;

namespace Lake.Tests.Catalog;

public class PipelineFolderErrorTests
{
    private const string Valid = """
        versions:
          1:
            fields:
              order_id: string!
        """;

    [Fact]
    public void A_pipeline_folder_that_does_not_exist_is_reported()
    {
        var missing = Path.Combine(Path.GetTempPath(), "lake-catalog-tests", "no-such-" + Guid.NewGuid().ToString("N"));
        var error = Assert.Single(Assert.Throws<CatalogException>(() => PipelineLoader.Load(missing)).Errors);
        Assert.Equal(missing, error.Location.File);
        Assert.Contains("does not exist", error.Problem);
        Assert.StartsWith(missing + ": the pipeline folder does not exist. Fix: ", error.ToString());
    }

    [Fact]
    public void A_missing_pipeline_yaml_is_reported()
    {
        using var p = new PipelineFolder(pipelineYaml: null).Event("order_placed", Valid);
        var error = p.SingleError();
        ErrorAssert.Names(error, p.PathOf("pipeline.yaml"), null, null, null);
        Assert.Equal("pipeline.yaml is missing", error.Problem);
        Assert.Contains("name:", error.Fix);
    }

    [Fact]
    public void A_missing_events_folder_is_reported()
    {
        using var p = new PipelineFolder(withEventsFolder: false);
        var error = p.SingleError();
        ErrorAssert.Names(error, p.PathOf("events"), null, null, null);
        Assert.Equal("the events/ folder is missing", error.Problem);
        Assert.Contains("events/<type>.yaml", error.Fix);
    }

    [Fact]
    public void Malformed_yaml_is_reported_with_line_and_column()
    {
        using var p = new PipelineFolder().Event("order_placed", """
            versions:
              1:
                fields:
                  order_id: [string
                  total: string
            """);
        var error = p.SingleError();
        ErrorAssert.Names(error, p.EventFile("order_placed"), "order_placed", null, null);
        Assert.True(error.Location.Line >= 4, error.ToString());
        Assert.True(error.Location.Column > 0, error.ToString());
        Assert.StartsWith("YAML syntax error: ", error.Problem);
        Assert.Contains($"{p.EventFile("order_placed")}:{error.Location.Line}:{error.Location.Column}: ", error.ToString());
    }

    [Fact]
    public void Malformed_pipeline_yaml_is_reported_with_line_and_column()
    {
        using var p = new PipelineFolder("name: t\ntopics: {a: [x}\n").Event("order_placed", Valid);
        var error = ErrorAssert.Single(p.Errors(), "YAML syntax error");
        Assert.Equal(p.PathOf("pipeline.yaml"), error.Location.File);
        Assert.Equal(2, error.Location.Line);
    }

    [Fact]
    public void An_empty_event_file_is_reported()
    {
        using var p = new PipelineFolder().Event("order_placed", "");
        var error = p.SingleError();
        ErrorAssert.Names(error, p.EventFile("order_placed"), "order_placed", null, null);
        Assert.Contains("empty", error.Problem);
    }

    [Fact]
    public void A_topic_listing_an_undeclared_type_is_reported()
    {
        using var p = new PipelineFolder("name: t\ntopics:\n  t.orders: [order_placed, order_shiped]\n").Event("order_placed", Valid);
        var error = p.SingleError();
        ErrorAssert.Names(error, p.PathOf("pipeline.yaml"), "order_shiped", null, null);
        Assert.Equal(3, error.Location.Line);
        Assert.Contains("topic 't.orders' lists an event type that has no events/order_shiped.yaml", error.Problem);
    }

    [Fact]
    public void A_topic_listing_a_type_whose_file_is_broken_reports_only_the_broken_file()
    {
        using var p = new PipelineFolder("name: t\ntopics:\n  t.orders: [order_placed]\n").Event("order_placed", "versions: [");
        var error = p.SingleError();
        Assert.Equal(p.EventFile("order_placed"), error.Location.File);
        Assert.StartsWith("YAML syntax error", error.Problem);
    }
}

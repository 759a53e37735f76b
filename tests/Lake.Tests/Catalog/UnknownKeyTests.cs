namespace Lake.Tests.Catalog;

public class UnknownKeyTests
{
    [Fact]
    public void A_misspelt_field_key_is_rejected_with_the_allowed_keys()
    {
        using var p = new PipelineFolder().Event("order_placed", """
            versions:
              1:
                fields:
                  order_id: { type: string, requird: true }
            """);
        var error = p.SingleError();
        ErrorAssert.Names(error, p.EventFile("order_placed"), "order_placed", 1, "order_id");
        Assert.Equal(4, error.Location.Line);
        Assert.Equal("unknown key 'requird' in a field", error.Problem);
        Assert.Contains("required", error.Fix);
    }

    [Fact]
    public void A_misspelt_top_level_key_is_rejected()
    {
        using var p = new PipelineFolder().Event("order_placed", """
            descripton: typo
            versions:
              1:
                fields:
                  order_id: string!
            """);
        var error = p.SingleError();
        ErrorAssert.Names(error, p.EventFile("order_placed"), "order_placed", null, null);
        Assert.Equal(1, error.Location.Line);
        Assert.Contains("'descripton'", error.Problem);
        Assert.Contains("description", error.Fix);
    }

    [Fact]
    public void A_misspelt_version_key_is_rejected()
    {
        using var p = new PipelineFolder().Event("order_placed", """
            versions:
              1:
                feilds:
                  order_id: string!
            """);
        var errors = p.Errors();
        var error = ErrorAssert.Single(errors, "unknown key 'feilds' in a version");
        ErrorAssert.Names(error, p.EventFile("order_placed"), "order_placed", 1, null);
        Assert.Contains("fields, upcast, description", error.Fix);
    }

    [Fact]
    public void A_misspelt_step_key_is_rejected()
    {
        using var p = new PipelineFolder().Event("order_placed", """
            versions:
              1:
                fields:
                  id: string!
              2:
                upcast:
                  - rename: { from: id, too: order_id }
                fields:
                  order_id: string!
            """);
        var error = ErrorAssert.Single(p.Errors(), "unknown key 'too' in the 'rename' step");
        ErrorAssert.Names(error, p.EventFile("order_placed"), "order_placed", 2, null);
    }

    [Fact]
    public void An_unknown_key_in_pipeline_yaml_is_rejected()
    {
        using var p = new PipelineFolder("name: t\ntopic: {}\n");
        var error = p.SingleError();
        ErrorAssert.Names(error, p.PathOf("pipeline.yaml"), null, null, null);
        Assert.Equal(2, error.Location.Line);
        Assert.Contains("'topic'", error.Problem);
    }
}

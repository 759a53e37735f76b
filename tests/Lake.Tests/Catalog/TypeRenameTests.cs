namespace Lake.Tests.Catalog;

public class TypeRenameTests
{
    private const string Fields = """
        versions:
          1:
            fields:
              order_id: string!
        """;

    [Fact]
    public void Types_that_become_each_other_are_reported_as_a_cycle()
    {
        using var p = new PipelineFolder()
            .Event("order_sent", "becomes: { type: order_shipped, version: 1 }\n" + Fields)
            .Event("order_shipped", "becomes: { type: order_sent, version: 1 }\n" + Fields);
        var errors = p.Errors();
        Assert.All(errors, e => Assert.Contains("type renames form a cycle", e.Problem));
        var error = Assert.Single(errors, e => e.EventType == "order_sent");
        ErrorAssert.Names(error, p.EventFile("order_sent"), "order_sent", null, null);
        Assert.Contains("order_sent -> order_shipped -> order_sent", error.Problem);
        Assert.Contains("without 'becomes'", error.Fix);
    }

    [Fact]
    public void Becomes_naming_an_undeclared_type_is_rejected()
    {
        using var p = new PipelineFolder().Event("order_sent", "becomes: { type: order_shiped, version: 1 }\n" + Fields);
        var error = p.SingleError();
        ErrorAssert.Names(error, p.EventFile("order_sent"), "order_sent", null, null);
        Assert.Contains("'order_shiped'", error.Problem);
        Assert.Contains("does not declare", error.Problem);
    }

    [Fact]
    public void Becomes_naming_a_version_the_target_lacks_is_rejected()
    {
        using var p = new PipelineFolder()
            .Event("order_sent", "becomes: { type: order_shipped, version: 2 }\n" + Fields)
            .Event("order_shipped", Fields);
        var error = p.SingleError();
        ErrorAssert.Names(error, p.EventFile("order_sent"), "order_sent", null, null);
        Assert.Contains("order_shipped version 2, but it has versions 1..1", error.Problem);
        Assert.Contains("existing version", error.Fix);
    }

    [Fact]
    public void Becomes_without_type_and_version_is_rejected()
    {
        using var p = new PipelineFolder().Event("order_sent", "becomes: order_shipped\n" + Fields);
        var error = p.SingleError();
        ErrorAssert.Names(error, p.EventFile("order_sent"), "order_sent", null, null);
        Assert.Equal(1, error.Location.Line);
        Assert.Contains("{ type: order_shipped, version: 1 }", error.Fix);
    }

    [Fact]
    public void A_legacy_field_missing_from_the_target_type_is_rejected()
    {
        using var p = new PipelineFolder()
            .Event("order_sent", """
                becomes: { type: order_shipped, version: 1 }
                versions:
                  1:
                    fields:
                      order_id: string!
                      courier: string
                """)
            .Event("order_shipped", Fields);
        var error = p.SingleError();
        ErrorAssert.Names(error, p.EventFile("order_sent"), "order_sent", 1, "courier");
        Assert.Contains("does not exist in order_shipped v1", error.Problem);
    }
}

using Lake.Core.Schema;
using Lake.Pipelines;

namespace Lake.Tests.Catalog;

public class ErrorCollectionTests
{
    [Fact]
    public void Three_mistakes_in_one_catalog_give_three_errors()
    {
        using var p = new PipelineFolder()
            .Event("order_placed", """
                versions:
                  1:
                    fields:
                      order_id: string!
                      OrderTotal: string
                """)
            .Event("order_shipped", """
                versions:
                  1:
                    fields:
                      order_id: string!
                      dt: date
                  3:
                    fields:
                      order_id: string!
                """);
        var errors = p.Errors();
        Assert.Equal(3, errors.Count);
        Assert.Contains(errors, e => e.EventType == "order_placed" && e.Field == "OrderTotal");
        Assert.Contains(errors, e => e.EventType == "order_shipped" && e.Field == "dt" && e.Problem.Contains("reserved"));
        Assert.Contains(errors, e => e.EventType == "order_shipped" && e.Problem.Contains("2 is missing"));
    }

    [Fact]
    public void Syntax_type_and_rule_mistakes_are_reported_together()
    {
        using var p = new PipelineFolder()
            .Event("order_placed", """
                versions:
                  1:
                    fields:
                      order_id: strin!
                """)
            .Event("order_shipped", """
                versions:
                  1:
                    fields:
                      order_id: string!
                      event_id: string
                """)
            .Event("order_cancelled", """
                versions:
                  1:
                    fields:
                      order_id: { type: string, requird: true }
                """);
        var errors = p.Errors();
        Assert.Equal(3, errors.Count);
        Assert.Contains(errors, e => e.EventType == "order_placed" && e.Problem.Contains("'strin' is not a type"));
        Assert.Contains(errors, e => e.EventType == "order_shipped" && e.Field == "event_id" && e.Problem.Contains("reserved"));
        Assert.Contains(errors, e => e.EventType == "order_cancelled" && e.Problem.Contains("'requird'"));
    }

    [Fact]
    public void A_broken_file_causes_no_follow_on_errors_in_the_types_that_refer_to_it()
    {
        using var p = new PipelineFolder("name: t\ntopics:\n  t.orders: [order_sent, order_shipped]\n")
            .Event("order_sent", """
                becomes: { type: order_shipped, version: 1 }
                versions:
                  1:
                    fields:
                      order_id: string!
                """)
            .Event("order_shipped", "versions: {1: {fields: {order_id: string!}}\n");
        var error = Assert.Single(p.Errors());
        Assert.Equal(("order_shipped", p.EventFile("order_shipped")), (error.EventType, error.Location.File));
        Assert.StartsWith("YAML syntax error", error.Problem);
    }

    [Fact]
    public void The_exception_message_lists_every_error()
    {
        using var p = new PipelineFolder()
            .Event("order_placed", "versions:\n  1:\n    fields:\n      A: string\n      B: string\n");
        var e = Assert.Throws<CatalogException>(() => PipelineLoader.Load(p.Dir));
        Assert.StartsWith("The event catalog has 2 error(s):", e.Message);
        foreach (var error in e.Errors) Assert.Contains("  - " + error, e.Message);
    }
}

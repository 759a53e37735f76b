namespace Lake.Tests.Catalog;

public class DuplicateFieldTests
{
    [Fact]
    public void A_field_declared_twice_is_reported_at_the_second_declaration()
    {
        using var p = new PipelineFolder().Event("order_placed", """
            versions:
              1:
                fields:
                  order_id: string!
                  total: string
                  order_id: string
            """);
        var error = p.SingleError();
        ErrorAssert.Names(error, p.EventFile("order_placed"), "order_placed", null, null);
        Assert.Equal(6, error.Location.Line);
        Assert.Contains("'order_id'", error.Problem);
        Assert.Contains("more than once", error.Problem);
        Assert.Contains("keep one", error.Fix);
    }

    [Fact]
    public void A_duplicate_key_does_not_hide_the_errors_of_other_files()
    {
        using var p = new PipelineFolder()
            .Event("order_placed", """
                versions:
                  1:
                    fields:
                      order_id: string!
                      order_id: string
                """)
            .Event("order_shipped", """
                versions:
                  1:
                    fields:
                      OrderId: string!
                """);
        var errors = p.Errors();
        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, e => e.EventType == "order_placed" && e.Problem.Contains("more than once"));
        Assert.Contains(errors, e => e.EventType == "order_shipped" && e.Field == "OrderId");
    }
}

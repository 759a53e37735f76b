namespace Lake.Tests.Catalog;

public class NamingTests
{
    private const string Valid = """
        versions:
          1:
            fields:
              order_id: string!
        """;

    [Fact]
    public void An_event_file_name_that_is_not_snake_case_is_rejected()
    {
        using var p = new PipelineFolder().Event("Order-Placed", Valid);
        var error = p.SingleError();
        ErrorAssert.Names(error, p.EventFile("Order-Placed"), "Order-Placed", null, null);
        Assert.Contains("not a valid event type name", error.Problem);
        Assert.Contains("events/order_placed.yaml", error.Fix);
    }

    [Theory]
    [InlineData("OrderId")]
    [InlineData("1abc")]
    [InlineData("order-id")]
    [InlineData("_order")]
    public void A_field_name_that_is_not_snake_case_is_rejected(string name)
    {
        using var p = new PipelineFolder().Event("order_placed", $"""
            versions:
              1:
                fields:
                  order_id: string!
                  {name}: string
            """);
        var error = p.SingleError();
        ErrorAssert.Names(error, p.EventFile("order_placed"), "order_placed", 1, name);
        Assert.Equal(5, error.Location.Line);
        Assert.Equal("the field name is not valid", error.Problem);
        Assert.Contains("lower snake_case", error.Fix);
    }

    [Fact]
    public void An_invalid_field_name_inside_a_struct_is_reported_with_its_path()
    {
        using var p = new PipelineFolder().Event("order_placed", """
            versions:
              1:
                fields:
                  order_id: string!
                  billing:
                    type: struct
                    fields:
                      zipCode: string
            """);
        var error = p.SingleError();
        ErrorAssert.Names(error, p.EventFile("order_placed"), "order_placed", 1, "billing.zipCode");
        Assert.Equal(8, error.Location.Line);
    }

    [Fact]
    public void An_invalid_field_name_inside_a_list_of_structs_is_reported_with_its_path()
    {
        using var p = new PipelineFolder().Event("order_placed", """
            versions:
              1:
                fields:
                  order_id: string!
                  items:
                    type: list
                    items: { type: struct, fields: { Sku: string } }
            """);
        var error = p.SingleError();
        ErrorAssert.Names(error, p.EventFile("order_placed"), "order_placed", 1, "items.Sku");
    }
}

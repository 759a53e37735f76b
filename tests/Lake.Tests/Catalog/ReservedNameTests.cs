namespace Lake.Tests.Catalog;

public class ReservedNameTests
{
    [Theory]
    [InlineData("event_id")]
    [InlineData("event_version")]
    [InlineData("occurred_at")]
    [InlineData("recorded_at")]
    [InlineData("producer")]
    [InlineData("aggregate_id")]
    [InlineData("source")]
    [InlineData("source_partition")]
    [InlineData("source_offset")]
    [InlineData("event_type")]
    [InlineData("dt")]
    public void A_field_named_like_an_envelope_or_partition_column_is_rejected(string name)
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
        Assert.Contains("reserved for the envelope or partition columns", error.Problem);
        Assert.Contains("rename the field, e.g. 'order_" + name + "'", error.Fix);
    }

    [Fact]
    public void A_reserved_name_inside_a_struct_is_allowed()
    {
        using var p = new PipelineFolder().Event("order_placed", """
            versions:
              1:
                fields:
                  order_id: string!
                  shipment: { type: struct, fields: { source: string, dt: date } }
            """);
        Assert.NotNull(p.Load().Catalog["order_placed"]);
    }
}

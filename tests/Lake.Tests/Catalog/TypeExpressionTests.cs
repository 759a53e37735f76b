namespace Lake.Tests.Catalog;

public class TypeExpressionTests
{
    [Theory]
    [InlineData("decimal", "decimal needs a precision and scale")]
    [InlineData("\"decimal(40,2)\"", "decimal(40,2) is out of range: precision 1..28")]
    [InlineData("\"decimal(4,6)\"", "out of range")]
    [InlineData("strin", "'strin' is not a type")]
    [InlineData("list<strin>", "'strin' is not a type")]
    [InlineData("\"enum(a|a)\"", "enum values must be non-empty and distinct")]
    public void An_unknown_type_expression_is_rejected_with_the_list_of_types(string type, string problem)
    {
        using var p = new PipelineFolder().Event("order_placed", $"""
            versions:
              1:
                fields:
                  order_id: string!
                  total: {type}
            """);
        var error = p.SingleError();
        ErrorAssert.Names(error, p.EventFile("order_placed"), "order_placed", 1, "total");
        Assert.Equal(5, error.Location.Line);
        Assert.Contains(problem, error.Problem);
        Assert.Contains("decimal(p,s)", error.Fix);
    }

    [Fact]
    public void An_unknown_type_in_the_mapping_form_is_rejected()
    {
        using var p = new PipelineFolder().Event("order_placed", """
            versions:
              1:
                fields:
                  order_id: string!
                  total: { type: money, required: true }
            """);
        var error = p.SingleError();
        ErrorAssert.Names(error, p.EventFile("order_placed"), "order_placed", 1, "total");
        Assert.Contains("'money' is not a type", error.Problem);
    }

    [Fact]
    public void The_supported_type_expressions_load()
    {
        using var p = new PipelineFolder().Event("order_placed", """
            versions:
              1:
                fields:
                  a: string!
                  b: bool
                  c: int32
                  d: int64
                  e: double
                  f: decimal(18,2)
                  g: timestamp
                  h: date
                  i: enum(new|active)
                  j: list<int32>
                  k: { type: enum, values: [x, y] }
                  l: { type: list, items: { type: struct, fields: { m: string } } }
            """);
        var types = p.Load().Catalog["order_placed"].Latest.Fields.Fields.Select(f => f.Type.ToString());
        Assert.Equal(["string", "bool", "int32", "int64", "double", "decimal(18,2)", "timestamp", "date", "enum(new|active)", "list<int32>", "enum(x|y)", "list<struct>"], types);
    }
}

namespace Lake.Tests.Catalog;

public class DefaultValueTests
{
    [Theory]
    [InlineData("bool", "yes", "string \"yes\"")]
    [InlineData("\"decimal(18,2)\"", "1.234", "more than 2 decimal places")]
    [InlineData("int32", "x", "string \"x\"")]
    [InlineData("int32", "3000000000", "out of int32 range")]
    [InlineData("\"enum(new|active)\"", "closed", "\"closed\" is not one of new, active")]
    [InlineData("timestamp", "yesterday", "ISO 8601")]
    public void A_default_that_is_not_of_the_declared_type_is_rejected(string type, string value, string detail)
    {
        using var p = new PipelineFolder().Event("account_opened", $$"""
            versions:
              1:
                fields:
                  account_id: string!
                  flag: { type: {{type}}, default: {{value}} }
            """);
        var error = p.SingleError();
        ErrorAssert.Names(error, p.EventFile("account_opened"), "account_opened", 1, "flag");
        Assert.Equal(5, error.Location.Line);
        Assert.Contains("is not a valid", error.Problem);
        Assert.Contains(detail, error.Problem);
        Assert.Contains("give a default of type", error.Fix);
    }

    [Fact]
    public void A_default_on_a_struct_is_rejected()
    {
        using var p = new PipelineFolder().Event("account_opened", """
            versions:
              1:
                fields:
                  owner: { type: struct, default: x, fields: { name: string } }
            """);
        var error = p.SingleError();
        ErrorAssert.Names(error, p.EventFile("account_opened"), "account_opened", 1, "owner");
        Assert.Contains("only primitive fields take defaults", error.Problem);
    }

    [Fact]
    public void Defaults_of_the_declared_type_are_accepted()
    {
        using var p = new PipelineFolder().Event("account_opened", """
            versions:
              1:
                fields:
                  a: { type: bool, default: false }
                  b: { type: "decimal(18,2)", default: 1.5 }
                  c: { type: int32, default: 7 }
                  d: { type: "enum(new|active)", default: new }
                  e: { type: string, default: "" }
            """);
        var fields = p.Load().Catalog["account_opened"].Latest.Fields;
        Assert.Equal(false, fields.Fields[0].Default);
        Assert.Equal(1.50m, fields.Fields[1].Default);
        Assert.Equal(7, fields.Fields[2].Default);
        Assert.Equal("new", fields.Fields[3].Default);
        Assert.Equal("", fields.Fields[4].Default);
    }
}

namespace Lake.Tests.Catalog;

public class UpcastStepTests
{
    private static PipelineFolder Order(string v2) => new PipelineFolder().Event("order_placed", """
        versions:
          1:
            fields:
              order_id: string!
              billing_city: string
              total: string
          2:

        """ + v2);

    [Fact]
    public void A_rename_from_a_field_the_previous_version_lacks_lists_its_fields()
    {
        using var p = Order("""
                upcast:
                  - rename: { from: totl, to: amount }
                  - drop: total
                  - drop: billing_city
                fields:
                  order_id: string!
                  amount: string
            """);
        var error = ErrorAssert.Single(p.Errors(), "has no field 'totl'");
        ErrorAssert.Names(error, p.EventFile("order_placed"), "order_placed", 2, "totl");
        Assert.Equal(ErrorAssert.LineOf(p.EventFile("order_placed"), "rename:"), error.Location.Line);
        Assert.Equal("upcast step 'rename': version 1 has no field 'totl'", error.Problem);
        Assert.Contains("order_id, billing_city, total", error.Fix);
    }

    [Fact]
    public void A_path_through_a_field_that_is_not_a_struct_is_rejected()
    {
        using var p = Order("""
                upcast:
                  - drop: total.amount
                fields:
                  order_id: string!
                  billing_city: string
                  total: string
            """);
        var error = p.SingleError();
        ErrorAssert.Names(error, p.EventFile("order_placed"), "order_placed", 2, "total.amount");
        Assert.Contains("has no nested fields", error.Problem);
    }

    [Fact]
    public void A_field_neither_declared_in_the_next_version_nor_dropped_is_rejected()
    {
        using var p = Order("""
                fields:
                  order_id: string!
                  total: string
            """);
        var error = p.SingleError();
        ErrorAssert.Names(error, p.EventFile("order_placed"), "order_placed", 2, "billing_city");
        Assert.Contains("version 1 has a field 'billing_city' that version 2 does not declare and no upcast step removes", error.Problem);
        Assert.Contains("- drop: billing_city", error.Fix);
    }

    [Fact]
    public void A_required_field_no_step_produces_is_rejected()
    {
        using var p = Order("""
                fields:
                  order_id: string!
                  billing_city: string
                  total: string
                  currency: string!
            """);
        var error = p.SingleError();
        ErrorAssert.Names(error, p.EventFile("order_placed"), "order_placed", 2, "currency");
        Assert.Equal(ErrorAssert.LineOf(p.EventFile("order_placed"), "currency"), error.Location.Line);
        Assert.Contains("required but version 1 events would not have it", error.Problem);
        Assert.Contains("give it a default", error.Fix);
    }

    [Fact]
    public void A_required_field_with_a_default_needs_no_step()
    {
        using var p = Order("""
                fields:
                  order_id: string!
                  billing_city: string
                  total: string
                  currency: { type: string, required: true, default: EUR }
            """);
        Assert.Equal(2, p.Load().Catalog["order_placed"].LatestVersion);
    }

    [Fact]
    public void Grouping_into_a_field_that_is_not_a_struct_is_rejected()
    {
        using var p = Order("""
                upcast:
                  - group: { into: billing, fields: { billing_city: city } }
                fields:
                  order_id: string!
                  billing: string
                  total: string
            """);
        var error = p.SingleError();
        ErrorAssert.Names(error, p.EventFile("order_placed"), "order_placed", 2, "billing");
        Assert.Contains("upcast step 'group': the next version has no struct field 'billing'", error.Problem);
        Assert.Contains("declare 'billing' as a struct", error.Fix);
    }

    [Fact]
    public void Grouping_into_a_struct_field_it_lacks_is_rejected()
    {
        using var p = Order("""
                upcast:
                  - group: { into: billing, fields: { billing_city: town } }
                fields:
                  order_id: string!
                  billing: { type: struct, fields: { city: string } }
                  total: string
            """);
        var error = p.SingleError();
        ErrorAssert.Names(error, p.EventFile("order_placed"), "order_placed", 2, "billing.town");
        Assert.Contains("struct 'billing' has no field 'town'", error.Problem);
    }

    [Fact]
    public void Adding_a_field_the_next_version_does_not_declare_is_rejected()
    {
        using var p = Order("""
                upcast:
                  - add: currency
                fields:
                  order_id: string!
                  billing_city: string
                  total: string
            """);
        var error = p.SingleError();
        ErrorAssert.Names(error, p.EventFile("order_placed"), "order_placed", 2, "currency");
        Assert.Equal("upcast step 'add': the next version declares no field 'currency'", error.Problem);
        Assert.Contains("declare the field", error.Fix);
    }

    [Fact]
    public void Grouping_into_a_field_the_next_version_lacks_is_one_error()
    {
        using var p = Order("""
                upcast:
                  - group: { into: billing, fields: { billing_city: city } }
                fields:
                  order_id: string!
                  total: string
            """);
        var error = p.SingleError();
        ErrorAssert.Names(error, p.EventFile("order_placed"), "order_placed", 2, "billing");
        Assert.Contains("no struct field 'billing'", error.Problem);
    }

    [Fact]
    public void Steps_that_are_not_declared_by_the_next_version_are_reported_at_the_version_key()
    {
        using var p = Order("""
                fields:
                  order_id: string!
                  total: string
            """);
        var error = p.SingleError();
        Assert.Equal(ErrorAssert.LineOf(p.EventFile("order_placed"), "  2:"), error.Location.Line);
    }

    [Fact]
    public void Converting_a_struct_is_rejected()
    {
        using var p = new PipelineFolder().Event("order_placed", """
            versions:
              1:
                fields:
                  billing: { type: struct, fields: { city: string } }
              2:
                upcast:
                  - convert: { field: billing, to: string }
                fields:
                  billing: string
            """);
        var error = p.SingleError();
        ErrorAssert.Names(error, p.EventFile("order_placed"), "order_placed", 2, "billing");
        Assert.Contains("only primitive values convert", error.Problem);
    }

    [Fact]
    public void An_unknown_step_kind_is_rejected_with_the_known_kinds()
    {
        using var p = Order("""
                upcast:
                  - remove: billing_city
                fields:
                  order_id: string!
                  total: string
            """);
        var error = ErrorAssert.Single(p.Errors(), "unknown upcast step 'remove'");
        ErrorAssert.Names(error, p.EventFile("order_placed"), "order_placed", 2, null);
        Assert.Contains("add, rename, drop, group, map, convert, to_minor_units", error.Fix);
    }
}

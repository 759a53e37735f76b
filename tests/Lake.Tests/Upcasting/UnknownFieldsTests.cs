using System.Text.Json.Nodes;

namespace Lake.Tests.Upcasting;

/// <summary>Fields the catalog does not declare never fail an event; they are reported by path so producers and owners learn of them.</summary>
public class UnknownFieldsTests
{
    [Fact]
    public void Unknown_top_level_and_nested_fields_are_reported_by_path_and_the_event_is_still_curated()
    {
        var data = Wire.Data(
            ("order_id", "o-1"), ("customer_id", "c-1"), ("coupon", "SAVE10"),
            ("billing_address", new JsonObject { ["city"] = "Lyon", ["country"] = "FR" }),
            ("items", new JsonArray(
                new JsonObject { ["sku"] = "A", ["quantity"] = 1, ["unit_price"] = 2.5m, ["color"] = "red" },
                new JsonObject { ["sku"] = "B", ["color"] = "blue", ["size"] = "M" })),
            ("total", "2.50"));

        var result = Pipelines.Shop.Process(Wire.Envelope("order_placed", 3, data));

        Assert.Null(result.Error);
        Assert.Equal(["coupon", "billing_address.country", "items[].color", "items[].size"], result.UnknownFields!);
        var e = Assert.Single(result.Events);
        Expect.SameValues([null, "Lyon", null], (object?[])e["billing_address"]!);
        Expect.SameValues(["A", 1, 2.50m], (object?[])((object?[])e["items"]!)[0]!);
    }

    [Fact]
    public void Unknown_fields_are_judged_against_the_version_the_producer_sent()
    {
        // 'currency' is declared only from v3: a v2 producer sending it is reported, and its value still wins over the default.
        var data = Wire.Data(("order_id", "o-1"), ("customer_id", "c-1"), ("currency", "GBP"));
        var result = Pipelines.Shop.Process(Wire.Envelope("order_placed", 2, data));
        Assert.Equal(["currency"], result.UnknownFields!);
        Assert.Equal("GBP", Assert.Single(result.Events)["currency"]);

        // 'billing_address' does not exist at v1 (v1 sends billing_* fields).
        var v1 = Wire.Data(("order_id", "o-1"), ("customer_id", "c-1"), ("billing_line1", "x"), ("legacy_flag", true));
        Assert.Equal(["legacy_flag"], Pipelines.Shop.Process(Wire.Envelope("order_placed", 1, v1)).UnknownFields!);
    }

    [Fact]
    public void An_event_with_only_declared_fields_reports_no_unknown_fields()
    {
        var result = Pipelines.Bank.Process(Wire.Envelope("money_deposited", 1, Wire.Data(("account_id", "a-1"), ("amount", 10))));
        Assert.Null(result.UnknownFields);
        Assert.Single(result.Events);
    }

    [Fact]
    public void An_unknown_field_is_reported_once_even_when_many_list_elements_carry_it()
    {
        var items = new JsonArray(new JsonObject { ["color"] = "a" }, new JsonObject { ["color"] = "b" }, new JsonObject { ["color"] = "c" });
        var data = Wire.Data(("order_id", "o-1"), ("customer_id", "c-1"), ("items", items));
        Assert.Equal(["items[].color"], Pipelines.Shop.Process(Wire.Envelope("order_placed", 2, data)).UnknownFields!);
    }

    [Fact]
    public void Unknown_fields_are_reported_even_when_the_event_is_quarantined_for_another_reason()
    {
        var data = Wire.Data(("order_id", "o-1"), ("extra", 1));
        var result = Pipelines.Shop.Process(Wire.Envelope("order_placed", 3, data));
        Assert.True(result.IsQuarantined);
        Assert.Equal(["extra"], result.UnknownFields!);
    }
}

using System.Text;
using Lake.Core.Upcasting;
using Lake.Pipelines;
using static Lake.Tests.Upcasting.LatestShortcutTests;

namespace Lake.Tests.Upcasting;

/// <summary>
/// Events sent at an older version are read straight into the latest schema when their version's declarative steps have a
/// plan; every result must be exactly what the general path (a tree, the steps, then validation) gives.
/// </summary>
public sealed class OlderVersionShortcutTests
{
    private static readonly Lazy<Upcaster> Steps = new(() => new Upcaster(PipelineLoader.Load(Repo.Fixture("pipelines/steps")).Catalog));

    /// <summary>Per field of signup_made v1 and v2: values that convert, values that do not, and values of the wrong JSON type.</summary>
    private static readonly Dictionary<string, string[]> Values = new()
    {
        ["user_id"] = ["\"u-1\"", "\"u-\\u0032\"", "7"],
        ["nm"] = ["\"Zoë\"", "\"\"", "12"],
        ["name"] = ["\"Zoë\"", "\"\"", "true"],
        ["created"] = ["\"20/11/2026 10:15\"", "\"2026-11-20T10:15:00Z\"", "\"31/02/2026 10:15\"", "5"],
        ["created_ms"] = ["1763633700123", "1763633700123.5", "\"1763633700123\"", "-1", "99999999999999999999"],
        ["tier"] = ["1", "2", "3", "\"1\"", "1.0", "\"gold\"", "\"S\"", "[1]"],
        ["tags"] = ["[\"1\",\"2\"]", "[]", "[null,\"3\"]", "[\"x\"]", "[1.5]", "\"1\"", "[[1]]"],
        ["legacy_flag"] = ["true", "\"yes\"", "{\"a\":1}"],
        ["profile"] = ["{\"zip_code\":\"75001\",\"internal\":\"x\"}", "{}", "{\"zip_code\":\"-\"}", "{\"zip\":\"1\"}", "{\"zip_code\":1}", "{\"country\":\"BE\"}", "\"p\"", "[]"],
        ["items"] = ["[{\"price\":\"1.50\",\"code\":\"c\",\"note\":\"n\"}]", "[null,{\"price\":\"2\"}]", "[{\"note\":\"no price\"}]", "[{\"price\":\"1.505\"}]", "[{\"price\":2.25,\"code\":{}}]", "[]", "[1]", "{}"],
        ["amount"] = ["\"12.345\"", "\"-0.005\"", "12.344", "\"x\"", "\"99999999999999999999\"", "true"],
        ["amount_minor"] = ["1234", "\"1234\"", "1.5"],
        ["channel"] = ["\"web\"", "\"store\"", "1"],
        ["score"] = ["\"7\"", "\"x\"", "7"],
    };

    [Fact]
    public void Random_older_events_give_the_same_result_with_and_without_the_shortcut()
    {
        var upcaster = Steps.Value;
        var random = new Random(11);
        var shortcut = 0;
        var cases = 0;
        foreach (var version in new[] { 1, 2 })
        {
            var fields = upcaster.Catalog.Types.Single(t => t.Name == "signup_made").Version(version).Fields;
            for (var n = 0; n < 3000; n++)
            {
                var data = new StringBuilder("{");
                foreach (var field in fields.Fields.OrderBy(_ => random.Next()))
                {
                    var roll = random.Next(100);
                    if (roll < 15) continue;
                    var values = Values[field.Name];
                    // Mostly the first value of each field (one that converts), so that many events are clean.
                    var value = roll < 25 ? "null" : roll < 80 ? values[0] : values[random.Next(values.Length)];
                    Append(data, field.Name, value);
                }
                if (random.Next(100) < 3) Append(data, "coupon", "\"c\"");
                if (random.Next(100) < 3) Append(data, "user_id", "\"again\"");
                data.Append('}');
                var line = Wire.Text($$"""{"metadata":{"id":"e-{{n}}","type":"signup_made","version":{{version}},"occurred_at":"2026-11-20T10:15:00Z"},"data":{{data}}}""");
                AssertSame(General(upcaster, line), upcaster.Process(line), $"v{version} {data}");
                if (upcaster.Decode(line).Envelope is { Data: null }) shortcut++;
                cases++;
            }
        }
        // The clean events must actually take the shortcut, or this test compares the general path with itself.
        Assert.True(shortcut > cases / 20, $"only {shortcut} of {cases} events took the shortcut");
    }

    [Theory]
    [InlineData(1, """{"user_id":"u-1","nm":"Zoë","created":"20/11/2026 10:15","created_ms":1763633700123,"tier":2,"tags":["1","2"],"legacy_flag":true,"profile":{"zip_code":"75001","internal":"x"},"items":[{"price":"1.50","code":"c","note":"n"}],"amount":"12.345"}""")]
    [InlineData(1, """{"user_id":"u-1","legacy_flag":true}""")]
    [InlineData(1, """{"user_id":"u-1","legacy_flag":false,"profile":null,"items":null,"tags":null,"created":null}""")]
    [InlineData(2, """{"user_id":"u-1","name":"Zoë","tier":"silver","channel":"store","score":"7","amount_minor":1234}""")]
    public void Clean_older_events_take_the_shortcut_with_the_general_paths_result(int version, string data)
    {
        var upcaster = Steps.Value;
        var line = Wire.Text($$"""{"metadata":{"id":"e-1","type":"signup_made","version":{{version}},"occurred_at":"2026-11-20T10:15:00Z"},"data":{{data}}}""");

        var result = upcaster.Process(line);
        Assert.False(result.IsQuarantined, result.Error?.Message);
        AssertSame(General(upcaster, line), result, data);
        Assert.Null(upcaster.Decode(line).Envelope!.Data);
    }

    [Theory]
    // nm is grouped into contact as full_name, which is required: a null nm still forms a contact, without it.
    [InlineData("""{"user_id":"u-1","legacy_flag":true,"nm":null}""", "signup_made: required field 'contact.full_name' is missing")]
    // legacy_flag is required at v1 and dropped at v2: the latest schema does not ask for it, the received version does.
    [InlineData("""{"user_id":"u-1","nm":"Ann","legacy_flag":null}""", "signup_made v1: required field 'legacy_flag' is missing")]
    public void A_field_sent_as_null_is_judged_as_the_general_path_judges_it(string data, string message)
    {
        var upcaster = Steps.Value;
        var line = Wire.Text($$"""{"metadata":{"id":"e-1","type":"signup_made","version":1,"occurred_at":"2026-11-20T10:15:00Z"},"data":{{data}}}""");

        var result = upcaster.Process(line);
        AssertSame(General(upcaster, line), result, data);
        Assert.Equal(message, result.Error?.Message);
    }

    [Fact]
    public void An_added_value_grouped_into_a_struct_is_left_to_the_general_path()
    {
        var upcaster = Steps.Value;
        var line = Wire.Text("""{"metadata":{"id":"e-1","type":"lead_captured","version":1,"occurred_at":"2026-11-20T10:15:00Z"},"data":{"lead_id":"l-1","name":"Ann"}}""");

        Assert.NotNull(upcaster.Decode(line).Envelope!.Data);
        var e = Assert.Single(upcaster.Process(line).Events);
        Assert.Equal(new object?[] { "Ann", "web" }, (object?[])e.Values[1]!);
    }

    [Theory]
    [InlineData("""{"rating_id":"r-1","label":"kept"}""", "kept")]
    [InlineData("""{"rating_id":"r-1","stars":5,"label":"kept"}""", "great")]
    [InlineData("""{"rating_id":"r-1","stars":2}""", "ok")]
    public void A_map_into_a_field_the_event_may_send_overwrites_it_only_when_its_own_field_is_sent(string data, string label)
    {
        // Regression (review): the plan ran the map once over the template, where it always overwrote 'label', and so
        // dropped a label sent without stars. Such steps get no plan now.
        var upcaster = Steps.Value;
        var line = Wire.Text($$"""{"metadata":{"id":"e-1","type":"rating_given","version":1,"occurred_at":"2026-11-20T10:15:00Z"},"data":{{data}}}""");

        var result = upcaster.Process(line);
        AssertSame(General(upcaster, line), result, data);
        Assert.Equal(label, Assert.Single(result.Events)["label"]);
    }

    [Theory]
    [InlineData("order_placed", 1, """{"order_id":"o-1","customer_id":"c-1","billing_city":null,"items":[{"sku":"S","quantity":2,"unit_price":"1.50"},null],"total":"3.00"}""")]
    [InlineData("order_placed", 1, """{"order_id":"o-1","customer_id":"c-1","items":[{"sku":"S","unit_price":"x"}],"total":"3.00"}""")]
    [InlineData("order_placed", 1, """{"order_id":"o-1","customer_id":"c-1","total":"3.001"}""")]
    [InlineData("order_placed", 1, """{"order_id":"o-1","customer_id":"c-1","total":3}""")]
    [InlineData("order_placed", 1, """{"order_id":"o-1","billing_zip":"9000"}""")]
    [InlineData("order_placed", 2, """{"order_id":"o-1","customer_id":"c-1","billing_address":{},"shipping_address":null,"total":3}""")]
    [InlineData("order_placed", 2, """{"order_id":"o-1","customer_id":"c-1","billing_address":{"city":"Gent","floor":2}}""")]
    [InlineData("payment_captured", 1, """{"order_id":"o-1","amount":12.345}""")]
    [InlineData("payment_captured", 1, """{"order_id":"o-1","amount":"-0.005"}""")]
    [InlineData("payment_captured", 1, """{"order_id":"o-1","amount":1e30}""")]
    [InlineData("payment_captured", 1, """{"order_id":"o-1","amount":null}""")]
    [InlineData("customer_registered", 1, """{"customer_id":"c-1","status":"A"}""")]
    [InlineData("customer_registered", 1, """{"customer_id":"c-1","status":"X"}""")]
    [InlineData("customer_registered", 2, """{"customer_id":"c-1","customer_status":"ACTIVE"}""")]
    public void Shop_older_versions_give_what_the_general_path_gives(string type, int version, string data)
    {
        var upcaster = Pipelines.Shop;
        var line = Wire.Text($$"""{"metadata":{"id":"e-1","type":"{{type}}","version":{{version}},"occurred_at":"2026-11-20T10:15:00Z"},"data":{{data}}}""");

        AssertSame(General(upcaster, line), upcaster.Process(line), data);
    }

    private static void Append(StringBuilder data, string name, string value)
    {
        if (data.Length > 1) data.Append(',');
        data.Append('"').Append(name).Append("\":").Append(value);
    }
}

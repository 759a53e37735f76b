using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Lake.Core.Upcasting;
using static Lake.Tests.Upcasting.Generators;

namespace Lake.Tests.Upcasting;

/// <summary>
/// Generated shop events at every version upcast to exactly what the catalog's spec says, computed here by hand.
/// </summary>
public class ShopUpcastingProperties
{
    private sealed record Item(Opt<string> Sku, int? Quantity, bool HasQuantity, Opt<(long Cents, string Text)?> Price, bool PriceAsString);

    private static readonly Gen<Item> ItemGen =
        from sku in Optional(Text)
        from hasQuantity in Gen.Frequency((5, Gen.Constant(true)), (1, Gen.Constant(false)))
        from quantity in Gen.Frequency((4, Gen.Choose(0, 20)), (1, Gen.Choose(int.MinValue, int.MaxValue)))
        from price in Optional(Money(negative: false).Select(m => ((long, string)?)m))
        from asString in Gen.Elements(true, false)
        select new Item(sku, hasQuantity ? quantity : null, hasQuantity, price, asString);

    private static readonly Gen<Opt<Opt<string>[]>> AddressGen =
        Optional(Gen.ArrayOf(Optional(Text), 3));

    private static JsonObject ItemJson(Item item, int version)
    {
        var o = new JsonObject();
        Put(o, "sku", item.Sku);
        if (item.HasQuantity) o["quantity"] = item.Quantity;
        if (item.Price.Present)
        {
            // v1 prices are decimal strings; later versions take a JSON number or a decimal string.
            o["unit_price"] = item.Price.Value is { } p ? MoneyNode(p, version == 1 || item.PriceAsString) : null;
        }
        return o;
    }

    private static object?[] ItemExpected(Item item) =>
        [item.Sku.Value, item.Quantity, item.Price.Value is { } p ? CentsToDecimal(p.Cents) : null];

    private static object?[]? AddressExpected(Opt<Opt<string>[]> address) =>
        address.Value is { } parts ? [parts[0].Value, parts[1].Value, parts[2].Value] : null;

    private static readonly string[] AddressParts = ["line1", "city", "zip"];

    internal static readonly Gen<Case> OrderPlaced =
        from meta in Meta
        from version in Gen.Choose(1, 3)
        from orderId in Id
        from customerId in Id
        from billing in AddressGen
        from shipping in AddressGen
        from items in Optional(Gen.Choose(0, 4).SelectMany(n => Gen.ArrayOf(ItemGen, n)))
        from total in Optional(Money(negative: true).Select(m => ((long, string)?)m))
        from totalAsString in Gen.Elements(true, false)
        from currency in Optional(Gen.Elements("EUR", "USD", "GBP", "JPY"))
        select OrderCase(meta, version, orderId, customerId, billing, shipping, items, total, totalAsString, currency);

    private static Case OrderCase(WireMeta meta, int version, string orderId, string customerId, Opt<Opt<string>[]> billing, Opt<Opt<string>[]> shipping,
        Opt<Item[]> items, Opt<(long Cents, string Text)?> total, bool totalAsString, Opt<string> currency)
    {
        var data = Wire.Data(("order_id", orderId), ("customer_id", customerId));
        object?[]? billingExpected;
        object?[]? shippingExpected = null;
        if (version == 1)
        {
            // billing_line1/city/zip are grouped into billing_address when any of them is sent (even as null).
            var sent = false;
            var parts = billing.Value ?? [new(false, null), new(false, null), new(false, null)];
            for (var i = 0; i < 3; i++)
            {
                Put(data, "billing_" + AddressParts[i], parts[i]);
                sent |= parts[i].Present;
            }
            billingExpected = sent ? [parts[0].Value, parts[1].Value, parts[2].Value] : null;
        }
        else
        {
            Put(data, "billing_address", billing, AddressJson);
            Put(data, "shipping_address", shipping, AddressJson);
            billingExpected = AddressExpected(billing);
            shippingExpected = AddressExpected(shipping);
        }
        Put(data, "items", items, list => new JsonArray([.. list.Select(i => (JsonNode)ItemJson(i, version))]));
        Put(data, "total", total, t => MoneyNode(t!.Value, version == 1 || totalAsString));
        if (version == 3) Put(data, "currency", currency);

        object?[] expected =
        [
            orderId,
            customerId,
            billingExpected,
            shippingExpected,
            items.Value is { } list ? list.Select(i => (object?)ItemExpected(i)).ToArray() : null,
            total.Value is { } t2 ? CentsToDecimal(t2.Cents) : null,
            version == 3 && currency.Value is { } c ? c : "EUR",
        ];
        return Build("order_placed", version, data, "order_placed", expected, meta);
    }

    private static JsonNode AddressJson(Opt<string>[] parts)
    {
        var o = new JsonObject();
        for (var i = 0; i < 3; i++) Put(o, AddressParts[i], parts[i]);
        return o;
    }

    private static readonly string[] LegacyStatus = ["N", "A", "I"];
    private static readonly string[] Status = ["new", "active", "inactive"];

    internal static readonly Gen<Case> CustomerRegistered =
        from meta in Meta
        from version in Gen.Choose(1, 3)
        from customerId in Id
        from name in Optional(Text)
        from email in Optional(Text)
        from status in Optional(Gen.Choose(0, 2).Select(i => (int?)i))
        from optIn in Optional(Gen.Elements(true, false).Select(b => (bool?)b))
        select CustomerCase(meta, version, customerId, name, email, status, optIn);

    private static Case CustomerCase(WireMeta meta, int version, string customerId, Opt<string> name, Opt<string> email, Opt<int?> status, Opt<bool?> optIn)
    {
        var data = Wire.Data(("customer_id", customerId));
        Put(data, "name", name);
        Put(data, "email", email);
        // v1 sends the legacy code N/A/I as 'status'; v2+ send 'customer_status' as new/active/inactive.
        Put(data, version == 1 ? "status" : "customer_status", status, s => (version == 1 ? LegacyStatus : Status)[s!.Value]);
        if (version == 3) Put(data, "marketing_opt_in", optIn, b => b);
        object?[] expected =
        [
            customerId,
            name.Value,
            email.Value,
            status.Value is { } s ? Status[s] : null,
            version == 3 && optIn.Value is { } b ? b : false,
        ];
        return Build("customer_registered", version, data, "customer_registered", expected, meta);
    }

    /// <summary>Amounts in ten-thousandths: any up to four decimals, often exactly on a half-cent midpoint.</summary>
    private static readonly Gen<long> TenThousandths = Gen.Frequency(
        (2, Gen.Choose(-2_000_000_000, 2_000_000_000).Select(n => (long)n)),
        (2, Gen.Choose(-20_000_000, 20_000_000).Select(k => k * 100L + 50)),
        (1, Gen.Choose(-200, 200).Select(n => (long)n)));

    internal static readonly Gen<Case> PaymentCaptured =
        from meta in Meta
        from version in Gen.Choose(1, 2)
        from orderId in Id
        from amount in Optional(TenThousandths.Select(n => (long?)n))
        from minor in Gen.Choose(int.MinValue, int.MaxValue).Select(n => n * 3L)
        from trailingZeros in Gen.Elements(true, false)
        from currency in Optional(Gen.Elements("EUR", "USD", "GBP"))
        select PaymentCase(meta, version, orderId, amount, minor, trailingZeros, currency);

    private static Case PaymentCase(WireMeta meta, int version, string orderId, Opt<long?> amount, long minor, bool trailingZeros, Opt<string> currency)
    {
        var data = Wire.Data(("order_id", orderId));
        long? expectedMinor;
        if (version == 1)
        {
            Put(data, "amount", amount, n => JsonNode.Parse(RenderTenThousandths(n!.Value, trailingZeros)));
            // round(amount x 100, half away from zero), in integers: |n| = 100k + r rounds to k + (r >= 50 ? 1 : 0).
            expectedMinor = amount.Value is { } n ? Math.Sign(n) * ((Math.Abs(n) + 50) / 100) : null;
        }
        else
        {
            data["amount_minor"] = minor;
            Put(data, "currency", currency);
            expectedMinor = minor;
        }
        object?[] expected = [orderId, expectedMinor, version == 2 && currency.Value is { } c ? c : "EUR"];
        return Build("payment_captured", version, data, "payment_captured", expected, meta);
    }

    private static string RenderTenThousandths(long n, bool trailingZeros)
    {
        var abs = Math.Abs(n);
        var frac = (abs % 10_000).ToString("D4");
        if (!trailingZeros) frac = frac.TrimEnd('0');
        return (n < 0 ? "-" : "") + (abs / 10_000) + (frac.Length == 0 ? "" : "." + frac);
    }

    internal static readonly Gen<Case> OrderDispatched =
        from meta in Meta
        from legacy in Gen.Elements(true, false)
        from orderId in Id
        from carrier in Optional(Gen.Elements("DHL", "UPS", "GLS", "DPD"))
        from tracking in Optional(Text)
        select ShippedCase(meta, legacy, orderId, carrier, tracking);

    private static Case ShippedCase(WireMeta meta, bool legacy, string orderId, Opt<string> carrier, Opt<string> tracking)
    {
        var data = Wire.Data(("order_id", orderId));
        Put(data, "carrier", carrier);
        Put(data, "tracking_code", tracking);
        return Build(legacy ? "order_dispatched" : "order_shipped", 1, data, "order_shipped", [orderId, carrier.Value, tracking.Value], meta);
    }

    internal static void AssertUpcastsAsExpected(Upcaster upcaster, Case c)
    {
        var result = upcaster.Process(c.Bytes);
        Assert.True(result.Error is null, $"quarantined: {result.Error}");
        Assert.Null(result.UnknownFields);
        Assert.Equal(c.Type, result.ReceivedType);
        Assert.Equal(c.Version, result.ReceivedVersion);
        var e = Assert.Single(result.Events);
        Assert.Equal(c.ExpectedType, e.Type.Name);
        Assert.Equal(e.Type.LatestVersion, e.Type.Latest.Version);
        Assert.Equal(c.Type, e.ReceivedType);
        Assert.Equal(c.Version, e.ReceivedVersion);
        Assert.Equal(c.Meta.Id, e.Id);
        Assert.Equal(c.Meta.OccurredUtc, e.OccurredAt);
        Assert.Equal(DateTimeKind.Utc, e.OccurredAt.Kind);
        Assert.Equal(c.Meta.Producer, e.Producer);
        Assert.Equal(c.Meta.AggregateId, e.AggregateId);
        Expect.SameValues(c.Expected, e.Values);
    }

    [Property]
    public Property Order_placed_at_any_version_upcasts_to_v3_with_grouped_addresses_decimal_prices_and_currency() =>
        Prop.ForAll(OrderPlaced.ToArbitrary(), c => AssertUpcastsAsExpected(Pipelines.Shop, c));

    [Property]
    public Property Customer_registered_at_any_version_maps_legacy_status_codes_and_defaults_marketing_opt_in_to_false() =>
        Prop.ForAll(CustomerRegistered.ToArbitrary(), c => AssertUpcastsAsExpected(Pipelines.Shop, c));

    [Property]
    public Property Payment_captured_v1_amounts_become_minor_units_rounded_half_away_from_zero_with_default_currency() =>
        Prop.ForAll(PaymentCaptured.ToArbitrary(), c => AssertUpcastsAsExpected(Pipelines.Shop, c));

    [Property]
    public Property Order_dispatched_lands_as_order_shipped_and_remembers_the_received_type() =>
        Prop.ForAll(OrderDispatched.ToArbitrary(), c => AssertUpcastsAsExpected(Pipelines.Shop, c));
}

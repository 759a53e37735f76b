using System.Text;
using System.Text.Json.Nodes;
using Lake.Core.Upcasting;

namespace Lake.Tests.Upcasting;

/// <summary>Every quarantine reason is reached by a concrete event, with a message that tells the producer what is wrong.</summary>
public class QuarantineReasonTests
{
    private static UpcastError Quarantined(Upcaster upcaster, byte[] bytes, QuarantineReason reason)
    {
        var result = upcaster.Process(bytes);
        Assert.True(result.IsQuarantined, "expected a quarantine, got " + result.Events.Count + " event(s)");
        Assert.Empty(result.Events);
        Assert.Equal(reason, result.Error!.Reason);
        return result.Error;
    }

    private static UpcastError Shop(string type, int version, JsonObject data, QuarantineReason reason) =>
        Quarantined(Pipelines.Shop, Wire.Envelope(type, version, data), reason);

    private static JsonObject Order(params (string, JsonNode?)[] extra)
    {
        var data = Wire.Data(("order_id", "o-1"), ("customer_id", "c-1"));
        foreach (var (k, v) in extra) data[k] = v;
        return data;
    }

    [Fact]
    public void Every_reason_has_a_stable_snake_case_code()
    {
        Assert.Equal(["malformed", "unknown_event_type", "unknown_version", "missing_field", "type_mismatch", "unmapped_value", "upcaster_failed"],
            QuarantineReasons.All.Select(r => r.Code()));
        Assert.All(QuarantineReasons.All, r => Assert.True(QuarantineReasons.TryParse(r.Code(), out var back) && back == r));
    }

    [Theory]
    [InlineData("this is not json", "not valid JSON")]
    [InlineData("{\"metadata\": {", "not valid JSON")]
    [InlineData("[1, 2]", "not a JSON object")]
    [InlineData("{\"metadata\":{\"id\":\"e\",\"type\":\"order_placed\",\"version\":1,\"occurred_at\":\"2026-01-01T00:00:00Z\"},\"data\":{}} trailing", "not valid JSON")]
    [InlineData("{\"data\":{}}", "'metadata' is missing")]
    [InlineData("{\"metadata\":{\"type\":\"order_placed\",\"version\":1,\"occurred_at\":\"2026-01-01T00:00:00Z\"},\"data\":{}}", "'metadata.id' is missing")]
    [InlineData("{\"metadata\":{\"id\":\"\",\"type\":\"order_placed\",\"version\":1,\"occurred_at\":\"2026-01-01T00:00:00Z\"},\"data\":{}}", "'metadata.id' is missing")]
    [InlineData("{\"metadata\":{\"id\":7,\"type\":\"order_placed\",\"version\":1,\"occurred_at\":\"2026-01-01T00:00:00Z\"},\"data\":{}}", "'metadata.id' has the wrong JSON type")]
    [InlineData("{\"metadata\":{\"id\":\"e\",\"version\":1,\"occurred_at\":\"2026-01-01T00:00:00Z\"},\"data\":{}}", "'metadata.type' is missing")]
    [InlineData("{\"metadata\":{\"id\":\"e\",\"type\":\"order_placed\",\"occurred_at\":\"2026-01-01T00:00:00Z\"},\"data\":{}}", "'metadata.version' is missing")]
    [InlineData("{\"metadata\":{\"id\":\"e\",\"type\":\"order_placed\",\"version\":0,\"occurred_at\":\"2026-01-01T00:00:00Z\"},\"data\":{}}", "versions start at 1")]
    [InlineData("{\"metadata\":{\"id\":\"e\",\"type\":\"order_placed\",\"version\":-2,\"occurred_at\":\"2026-01-01T00:00:00Z\"},\"data\":{}}", "versions start at 1")]
    [InlineData("{\"metadata\":{\"id\":\"e\",\"type\":\"order_placed\",\"version\":1.5,\"occurred_at\":\"2026-01-01T00:00:00Z\"},\"data\":{}}", "'metadata.version' has the wrong JSON type")]
    [InlineData("{\"metadata\":{\"id\":\"e\",\"type\":\"order_placed\",\"version\":1},\"data\":{}}", "'metadata.occurred_at' is missing")]
    [InlineData("{\"metadata\":{\"id\":\"e\",\"type\":\"order_placed\",\"version\":1,\"occurred_at\":\"yesterday\"},\"data\":{}}", "'metadata.occurred_at' is not an ISO 8601 timestamp with offset: \"yesterday\"")]
    [InlineData("{\"metadata\":{\"id\":\"e\",\"type\":\"order_placed\",\"version\":1,\"occurred_at\":\"2026-01-01T00:00:00\"},\"data\":{}}", "'metadata.occurred_at' is not an ISO 8601 timestamp with offset")]
    [InlineData("{\"metadata\":{\"id\":\"e\",\"type\":\"order_placed\",\"version\":1,\"occurred_at\":\"2026-02-30T00:00:00Z\"},\"data\":{}}", "'metadata.occurred_at' is not an ISO 8601 timestamp")]
    [InlineData("{\"metadata\":{\"id\":\"e\",\"type\":\"order_placed\",\"version\":1,\"occurred_at\":\"2026-01-01T00:00:00Z\"},\"data\":[1]}", "'data' is StartArray, expected an object")]
    [InlineData("{\"metadata\":{\"id\":\"e\",\"type\":\"order_placed\",\"version\":1,\"occurred_at\":\"2026-01-01T00:00:00Z\"},\"data\":\"x\"}", "'data' is String, expected an object")]
    [InlineData("{\"metadata\":{\"id\":\"e\",\"type\":\"order_placed\",\"version\":1,\"occurred_at\":\"2026-01-01T00:00:00Z\"}}", "'data' is missing")]
    public void A_malformed_envelope_is_quarantined_as_malformed_saying_which_part_is_wrong(string json, string expected)
    {
        var error = Quarantined(Pipelines.Shop, Wire.Text(json), QuarantineReason.Malformed);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Bytes_that_are_not_utf8_inside_a_value_are_malformed()
    {
        var bytes = Wire.Envelope("order_placed", 1, Order(("billing_city", "LYON")));
        var at = Encoding.UTF8.GetString(bytes).IndexOf("LYON", StringComparison.Ordinal);
        bytes[at] = 0xFF;
        bytes[at + 1] = 0xFE;

        var error = Quarantined(Pipelines.Shop, bytes, QuarantineReason.Malformed);
        Assert.Contains("not valid JSON", error.Message);
    }

    /// <summary>
    /// Regression: invalid UTF-8 in a property name or a skipped value was accepted (the name silently became U+FFFD text, losing
    /// the field), because Utf8JsonReader only validates strings that are read as strings.
    /// </summary>
    [Theory]
    [InlineData("\"city\"")]
    [InlineData("\"producer\"")]
    [InlineData("\"shipping_note\"")]
    [InlineData("Lyon")]
    public void Invalid_utf8_in_a_field_name_or_an_unread_value_is_malformed_not_silently_replaced(string target)
    {
        var bytes = Wire.Envelope("order_placed", 1, Order(("billing_city", "Lyon"), ("shipping_note", "leave at door")));
        var at = Encoding.UTF8.GetString(bytes).IndexOf(target, StringComparison.Ordinal) + 1;
        bytes[at] = 0xC3;
        bytes[at + 1] = 0x28;

        var error = Quarantined(Pipelines.Shop, bytes, QuarantineReason.Malformed);
        Assert.Equal($"not valid JSON: the bytes are not valid UTF-8 (at byte {at})", error.Message);
    }

    [Fact]
    public void A_malformed_event_still_reports_the_type_and_version_it_could_read()
    {
        var result = Pipelines.Shop.Process(Wire.Text("{\"metadata\":{\"id\":\"e\",\"type\":\"order_placed\",\"version\":2,\"occurred_at\":\"nope\"},\"data\":{}}"));
        Assert.Equal(QuarantineReason.Malformed, result.Error?.Reason);
        Assert.Equal("order_placed", result.ReceivedType);
        Assert.Equal(2, result.ReceivedVersion);
    }

    [Fact]
    public void An_event_type_the_catalog_does_not_declare_is_unknown_event_type()
    {
        var error = Shop("order_teleported", 1, Order(), QuarantineReason.UnknownEventType);
        Assert.Equal("event type 'order_teleported' is not in the catalog; declare it in the pipeline's events/ folder", error.Message);
    }

    [Fact]
    public void A_version_newer_than_the_latest_is_unknown_version()
    {
        var error = Shop("order_placed", 4, Order(), QuarantineReason.UnknownVersion);
        Assert.Equal("order_placed version 4 is newer than the catalog's latest (3); add version 4 to the catalog", error.Message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void An_order_without_its_required_customer_id_is_missing_field_at_every_version(int version)
    {
        var data = Order();
        data.Remove("customer_id");
        var error = Shop("order_placed", version, data, QuarantineReason.MissingField);
        // Older versions are checked against their own required fields and say which version they were.
        var expected = version == 3 ? "order_placed: required field 'customer_id' is missing" : $"order_placed v{version}: required field 'customer_id' is missing";
        Assert.Equal(expected, error.Message);
    }

    [Fact]
    public void A_required_field_sent_as_null_is_missing_field()
    {
        var error = Shop("order_placed", 3, Order(("customer_id", null)), QuarantineReason.MissingField);
        Assert.Contains("'customer_id' is missing", error.Message);
    }

    [Fact]
    public void A_required_field_inside_a_struct_is_missing_field_with_its_nested_path()
    {
        var data = Wire.Data(("order_id", "o-1"), ("customer", new JsonObject { ["name"] = "Ann" }));
        var error = Quarantined(Pipelines.Legacy, Wire.Envelope("order_opened", 1, data), QuarantineReason.MissingField);
        Assert.Equal("order_opened: required field 'customer.id' is missing", error.Message);
    }

    [Fact]
    public void A_quantity_sent_as_text_is_type_mismatch_naming_the_list_element()
    {
        var items = new JsonArray(new JsonObject { ["sku"] = "A", ["quantity"] = "two", ["unit_price"] = "1.00" });
        var error = Shop("order_placed", 1, Order(("items", items)), QuarantineReason.TypeMismatch);
        Assert.Contains("items[0].quantity", error.Message);
        Assert.Contains("\"two\"", error.Message);
    }

    [Fact]
    public void A_v1_total_that_is_not_a_decimal_string_fails_its_convert_step_as_type_mismatch()
    {
        var error = Shop("order_placed", 1, Order(("total", "abc")), QuarantineReason.TypeMismatch);
        Assert.Contains("order_placed v1->v2", error.Message);
        Assert.Contains("cannot convert 'total' (string \"abc\") to decimal(18,2)", error.Message);
    }

    [Fact]
    public void A_v1_price_with_three_decimals_fails_its_convert_step_rather_than_being_rounded()
    {
        var items = new JsonArray(new JsonObject { ["sku"] = "A", ["quantity"] = 1, ["unit_price"] = "9.995" });
        var error = Shop("order_placed", 1, Order(("items", items)), QuarantineReason.TypeMismatch);
        Assert.Contains("items[].unit_price", error.Message);
        Assert.Contains("more than 2 decimal places", error.Message);
    }

    [Fact]
    public void A_latest_version_decimal_with_three_decimals_is_type_mismatch()
    {
        var error = Shop("order_placed", 3, Order(("total", JsonNode.Parse("12.345"))), QuarantineReason.TypeMismatch);
        Assert.Equal("order_placed: field 'total': 12.345 has more than 2 decimal places for decimal(18,2)", error.Message);
    }

    [Fact]
    public void A_decimal_with_more_integer_digits_than_its_precision_is_type_mismatch()
    {
        var error = Shop("order_placed", 3, Order(("total", JsonNode.Parse("12345678901234567.00"))), QuarantineReason.TypeMismatch);
        Assert.Contains("does not fit decimal(18,2)", error.Message);
    }

    [Fact]
    public void A_quantity_beyond_int32_is_type_mismatch()
    {
        var items = new JsonArray(new JsonObject { ["quantity"] = 3_000_000_000L });
        var error = Shop("order_placed", 3, Order(("items", items)), QuarantineReason.TypeMismatch);
        Assert.Equal("order_placed: field 'items[0].quantity': out of int32 range", error.Message);
    }

    [Fact]
    public void A_fractional_quantity_is_type_mismatch()
    {
        var items = new JsonArray(new JsonObject { ["quantity"] = 1.5m });
        var error = Shop("order_placed", 2, Order(("items", items)), QuarantineReason.TypeMismatch);
        Assert.Contains("items[0].quantity", error.Message);
    }

    [Fact]
    public void A_struct_sent_as_text_is_type_mismatch()
    {
        var error = Shop("order_placed", 2, Order(("billing_address", "1 Main St")), QuarantineReason.TypeMismatch);
        Assert.Contains("'billing_address': expected a struct (JSON object), got string \"1 Main St\"", error.Message);
    }

    [Fact]
    public void An_enum_value_the_version_does_not_allow_is_type_mismatch_listing_the_allowed_values()
    {
        var data = Wire.Data(("customer_id", "c-1"), ("customer_status", "banned"));
        var error = Shop("customer_registered", 2, data, QuarantineReason.TypeMismatch);
        Assert.Equal("customer_registered: field 'customer_status': \"banned\" is not one of new, active, inactive", error.Message);
    }

    [Fact]
    public void A_bool_sent_as_text_is_type_mismatch()
    {
        var data = Wire.Data(("customer_id", "c-1"), ("marketing_opt_in", "yes"));
        var error = Shop("customer_registered", 3, data, QuarantineReason.TypeMismatch);
        Assert.Contains("'marketing_opt_in'", error.Message);
    }

    [Fact]
    public void A_v1_payment_amount_that_is_not_a_number_is_type_mismatch()
    {
        var error = Shop("payment_captured", 1, Wire.Data(("order_id", "o-1"), ("amount", true)), QuarantineReason.TypeMismatch);
        Assert.Contains("field 'amount' is bool true, expected an amount", error.Message);
    }

    [Fact]
    public void A_legacy_status_code_without_a_mapping_is_unmapped_value()
    {
        var data = Wire.Data(("customer_id", "c-1"), ("status", "X"));
        var error = Shop("customer_registered", 1, data, QuarantineReason.UnmappedValue);
        Assert.Equal("customer_registered v1->v2: field 'status' value \"X\" has no mapping (mapped: N, A, I)", error.Message);
    }

    [Fact]
    public void A_v1_account_that_already_has_an_owner_field_cannot_group_owner_name_into_it_and_is_upcaster_failed()
    {
        var data = Wire.Data(("account_id", "a-1"), ("owner_name", "Ann"), ("owner", "Bob"));
        var result = Pipelines.Bank.Process(Wire.Envelope("account_opened", 1, data));
        Assert.Equal(QuarantineReason.UpcasterFailed, result.Error?.Reason);
        Assert.Equal("account_opened v1->v2: cannot group fields into 'owner': the event already has 'owner' as string \"Bob\"", result.Error!.Message);
        // The stray field was still reported, so the producer learns about it.
        Assert.Equal(["owner"], result.UnknownFields!);
    }

    [Fact]
    public void A_v1_account_whose_owner_object_already_has_a_name_is_upcaster_failed()
    {
        var data = Wire.Data(("account_id", "a-1"), ("owner_name", "Ann"), ("owner", new JsonObject { ["name"] = "Bob" }));
        var error = Quarantined(Pipelines.Bank, Wire.Envelope("account_opened", 1, data), QuarantineReason.UpcasterFailed);
        Assert.Contains("cannot move 'owner_name' into 'owner.name': it is already set", error.Message);
    }

    [Fact]
    public void A_csharp_upcaster_that_throws_is_upcaster_failed()
    {
        var data = Wire.Data(("order_id", "o-1"), ("customer_id", "c-1"), ("channel", "boom"));
        var error = Quarantined(Pipelines.Legacy, Wire.Envelope("checkout_completed", 1, data), QuarantineReason.UpcasterFailed);
        Assert.Contains("CheckoutSplitter failed: InvalidOperationException", error.Message);
    }

    [Fact]
    public void Every_reason_is_reached_by_some_event()
    {
        var reached = new HashSet<QuarantineReason>
        {
            Pipelines.Shop.Process(Wire.Text("nope")).Error!.Reason,
            Shop("nope", 1, Order(), QuarantineReason.UnknownEventType).Reason,
            Shop("order_placed", 9, Order(), QuarantineReason.UnknownVersion).Reason,
            Shop("order_placed", 3, Wire.Data(("order_id", "o")), QuarantineReason.MissingField).Reason,
            Shop("order_placed", 1, Order(("total", "abc")), QuarantineReason.TypeMismatch).Reason,
            Shop("customer_registered", 1, Wire.Data(("customer_id", "c"), ("status", "X")), QuarantineReason.UnmappedValue).Reason,
            Quarantined(Pipelines.Bank, Wire.Envelope("account_opened", 1, Wire.Data(("account_id", "a"), ("owner_name", "n"), ("owner", 1))), QuarantineReason.UpcasterFailed).Reason,
        };
        Assert.Equal(QuarantineReasons.All.ToHashSet(), reached);
    }
}

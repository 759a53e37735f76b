using System.Text.Json.Nodes;
using Lake.Core.Upcasting;

namespace Lake.Tests.Upcasting;

/// <summary>CloudEvents 1.0 structured mode: attributes map onto Lake's envelope, the version comes from dataversion.</summary>
public class CloudEventsTests
{
    private static JsonObject CloudEvent(JsonNode? dataversion, string specversion = "1.0")
    {
        var o = new JsonObject
        {
            ["specversion"] = specversion,
            ["id"] = "ce-1",
            ["type"] = "payment_captured",
            ["source"] = "/payments/eu",
            ["subject"] = "o-42",
            ["time"] = "2026-11-20T11:15:00.5+01:00",
            ["datacontenttype"] = "application/json",
            ["data"] = new JsonObject { ["order_id"] = "o-42", ["amount"] = JsonNode.Parse("12.345") },
        };
        if (dataversion is not null) o["dataversion"] = dataversion;
        return o;
    }

    [Theory]
    [InlineData("1")]
    [InlineData("\"1\"")]
    public void A_cloud_event_maps_id_type_source_time_subject_and_data_and_reads_dataversion_as_number_or_string(string dataversion)
    {
        var result = Pipelines.Shop.Process(Wire.Bytes(CloudEvent(JsonNode.Parse(dataversion))));

        Assert.Null(result.Error);
        var e = Assert.Single(result.Events);
        Assert.Equal("ce-1", e.Id);
        Assert.Equal("payment_captured", e.Type.Name);
        Assert.Equal(1, e.ReceivedVersion);
        Assert.Equal("/payments/eu", e.Producer);
        Assert.Equal("o-42", e.AggregateId);
        Assert.Equal(new DateTime(2026, 11, 20, 10, 15, 0, 500, DateTimeKind.Utc), e.OccurredAt);
        Expect.SameValues(["o-42", 1235L, "EUR"], e.Values);
    }

    [Fact]
    public void A_cloud_event_at_the_latest_version_is_validated_like_any_other()
    {
        var ce = CloudEvent(2);
        ce["data"] = new JsonObject { ["order_id"] = "o-42", ["amount_minor"] = 999, ["currency"] = "GBP" };
        var e = Assert.Single(Pipelines.Shop.Process(Wire.Bytes(ce)).Events);
        Expect.SameValues(["o-42", 999L, "GBP"], e.Values);
    }

    [Fact]
    public void A_cloud_event_without_dataversion_is_malformed()
    {
        var result = Pipelines.Shop.Process(Wire.Bytes(CloudEvent(null)));
        Assert.Equal(QuarantineReason.Malformed, result.Error?.Reason);
        Assert.Equal("envelope field 'dataversion' is missing", result.Error!.Message);
        Assert.Equal("payment_captured", result.ReceivedType);
    }

    [Theory]
    [InlineData("0.3")]
    [InlineData("2.0")]
    public void A_cloud_event_of_another_spec_version_is_malformed(string specversion)
    {
        var result = Pipelines.Shop.Process(Wire.Bytes(CloudEvent(1, specversion)));
        Assert.Equal(QuarantineReason.Malformed, result.Error?.Reason);
        Assert.Equal($"CloudEvents specversion '{specversion}' is not supported (expected \"1.0\")", result.Error!.Message);
    }

    [Fact]
    public void A_cloud_event_with_a_dataversion_that_is_not_a_number_is_malformed()
    {
        var result = Pipelines.Shop.Process(Wire.Bytes(CloudEvent("v1")));
        Assert.Equal(QuarantineReason.Malformed, result.Error?.Reason);
        Assert.Contains("'dataversion' has the wrong JSON type", result.Error!.Message);
    }

    [Fact]
    public void A_cloud_event_without_time_is_malformed_naming_the_time_attribute()
    {
        var ce = CloudEvent(1);
        ce.Remove("time");
        var result = Pipelines.Shop.Process(Wire.Bytes(ce));
        Assert.Equal(QuarantineReason.Malformed, result.Error?.Reason);
        Assert.Equal("envelope field 'time' is missing", result.Error!.Message);
    }

    [Fact]
    public void A_cloud_event_with_base64_data_is_malformed()
    {
        var ce = CloudEvent(1);
        ce.Remove("data");
        ce["data_base64"] = "e30=";
        var result = Pipelines.Shop.Process(Wire.Bytes(ce));
        Assert.Equal(QuarantineReason.Malformed, result.Error?.Reason);
        Assert.Contains("data_base64 is not supported", result.Error!.Message);
    }

    [Fact]
    public void A_cloud_event_with_a_non_json_content_type_is_malformed()
    {
        var ce = CloudEvent(1);
        ce["datacontenttype"] = "application/xml";
        var result = Pipelines.Shop.Process(Wire.Bytes(ce));
        Assert.Equal(QuarantineReason.Malformed, result.Error?.Reason);
        Assert.Contains("'application/xml' is not JSON", result.Error!.Message);
    }
}

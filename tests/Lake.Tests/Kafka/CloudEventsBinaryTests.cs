using System.Text;
using Confluent.Kafka;
using Lake.Core.Upcasting;
using Lake.Kafka;
using Lake.Tests.Upcasting;

namespace Lake.Tests.Kafka;

public class CloudEventsBinaryTests
{
    [Fact]
    public void Regression_a_ce_header_without_a_value_is_a_null_attribute_and_the_record_is_quarantined_instead_of_failing_its_lane()
    {
        var headers = new Headers
        {
            { "ce_specversion", Encoding.UTF8.GetBytes("1.0") },
            { "ce_id", Encoding.UTF8.GetBytes("ce-1") },
            { "ce_type", null },
            { "ce_source", Encoding.UTF8.GetBytes("/payments/eu") },
            { "ce_time", Encoding.UTF8.GetBytes("2026-11-20T11:15:00Z") },
            { "ce_dataversion", Encoding.UTF8.GetBytes("1") },
            { "content-type", null },
        };
        var structured = CloudEventsBinary.ToStructured(headers, Encoding.UTF8.GetBytes("""{"order_id": "o-42"}"""));

        Assert.Contains("\"type\":null", Encoding.UTF8.GetString(structured));
        var result = Upcasting.Pipelines.Shop.Process(structured);
        Assert.Equal(QuarantineReason.Malformed, result.Error?.Reason);
        Assert.Contains("type", result.Error!.Message);
    }
}

using System.Text;
using Lake.Core.Upcasting;

namespace Lake.Tests.Catalog;

/// <summary>The C# upcaster example of docs/CATALOG.md, compiled and run as a pipeline would.</summary>
public class CSharpUpcasterExampleTests
{
    private const string Code = """
        // pipelines/shop/PaymentCapturedV1.cs
        using System.Globalization;
        using Lake.Core.Upcasting;

        namespace Shop.Upcasters;

        public sealed class PaymentCapturedV1 : IEventUpcaster
        {
            public string EventType => "payment_captured";
            public int FromVersion => 1;

            public IEnumerable<EventDraft> Upcast(EventDraft draft)
            {
                if (draft.Data["amount"] is string text)
                {
                    var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    if (parts.Length != 2 || !decimal.TryParse(parts[0], NumberStyles.Number, CultureInfo.InvariantCulture, out var amount))
                    {
                        throw new EventRejectedException(QuarantineReason.TypeMismatch, $"amount \"{text}\" is not '<number> <currency>'");
                    }
                    draft.Data.Set("amount", amount);
                    draft.Data.Set("currency", parts[1]);
                }
                yield return draft.Next();
            }
        }
        """;

    private const string Yaml = """
        versions:
          1:
            fields:
              order_id: string!
              amount: string
          2:                       # no 'upcast:' here: PaymentCapturedV1 handles 1 -> 2
            fields:
              order_id: string!
              amount: decimal(18,2)
              currency: string
        """;

    private static string Event(string amount) =>
        $$$"""{"metadata":{"id":"e1","type":"payment_captured","version":1,"occurred_at":"2026-11-20T10:15:00Z"},"data":{"order_id":"o-1","amount":"{{{amount}}}"}}""";

    [Fact]
    public void The_documented_upcaster_splits_amount_and_currency()
    {
        using var p = new PipelineFolder().Event("payment_captured", Yaml).Write("PaymentCapturedV1.cs", Code);
        var result = new Upcaster(p.Load().Catalog).Process(Encoding.UTF8.GetBytes(Event("12.50 EUR")));
        var e = Assert.Single(result.Events);
        Assert.Equal(12.50m, e["amount"]);
        Assert.Equal("EUR", e["currency"]);
    }

    [Fact]
    public void The_documented_upcaster_quarantines_an_amount_it_cannot_read()
    {
        using var p = new PipelineFolder().Event("payment_captured", Yaml).Write("PaymentCapturedV1.cs", Code);
        var result = new Upcaster(p.Load().Catalog).Process(Encoding.UTF8.GetBytes(Event("twelve")));
        Assert.Equal(QuarantineReason.TypeMismatch, result.Error?.Reason);
        Assert.Contains("\"twelve\" is not '<number> <currency>'", result.Error!.Message);
    }
}

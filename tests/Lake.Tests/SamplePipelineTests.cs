using System.Text;
using Lake.Core.Upcasting;
using Lake.Pipelines;

namespace Lake.Tests;

public class SamplePipelineTests
{
    [Theory]
    [InlineData("bank", 4)]
    [InlineData("shop", 6)]
    public void The_sample_pipelines_load_with_their_curated_types(string name, int curated)
    {
        var pipeline = PipelineLoader.Load(Repo.Pipeline(name));
        Assert.Equal(name, pipeline.Name);
        Assert.Equal(curated, pipeline.Catalog.CuratedTypes.Count);
    }

    [Fact]
    public void A_v1_order_upcasts_to_v3_with_grouped_address_decimal_prices_and_default_currency()
    {
        var upcaster = new Upcaster(PipelineLoader.Load(Repo.Pipeline("shop")).Catalog);
        var json = """
            {"metadata":{"id":"e1","type":"order_placed","version":1,"occurred_at":"2026-11-20T10:15:00.123Z","producer":"orders","aggregate_id":"o-1"},
             "data":{"order_id":"o-1","customer_id":"c-1","billing_line1":"1 Main St","billing_city":"Lyon","billing_zip":"69001",
                     "items":[{"sku":"A","quantity":2,"unit_price":"9.50"}],"total":"19.00"}}
            """;
        var result = upcaster.Process(Encoding.UTF8.GetBytes(json));
        Assert.Null(result.Error);
        var e = Assert.Single(result.Events);
        Assert.Equal("order_placed", e.Type.Name);
        Assert.Equal(1, e.ReceivedVersion);
        Assert.Equal(new object?[] { "1 Main St", "Lyon", "69001" }, (object?[])e["billing_address"]!);
        Assert.Null(e["shipping_address"]);
        var item = (object?[])((object?[])e["items"]!)[0]!;
        Assert.Equal(new object?[] { "A", 2, 9.50m }, item);
        Assert.Equal(19.00m, e["total"]);
        Assert.Equal("EUR", e["currency"]);
        Assert.Equal(new DateTime(2026, 11, 20, 10, 15, 0, 123, DateTimeKind.Utc), e.OccurredAt);
    }
}

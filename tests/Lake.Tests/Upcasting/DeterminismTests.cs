using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Lake.Core.Upcasting;

namespace Lake.Tests.Upcasting;

/// <summary>Upcasting is a pure function of the bytes: the same input always gives the same result, on any thread.</summary>
public class DeterminismTests
{
    private static readonly Gen<Case> AnyCase = Gen.OneOf(
        ShopUpcastingProperties.OrderPlaced, ShopUpcastingProperties.CustomerRegistered, ShopUpcastingProperties.PaymentCaptured);

    private static void AssertSame(UpcastResult a, UpcastResult b)
    {
        Assert.Equal(a.Error, b.Error);
        Assert.Equal(a.ReceivedType, b.ReceivedType);
        Assert.Equal(a.ReceivedVersion, b.ReceivedVersion);
        Assert.Equal(a.UnknownFields, b.UnknownFields);
        Assert.Equal(a.Events.Count, b.Events.Count);
        for (var i = 0; i < a.Events.Count; i++)
        {
            var (x, y) = (a.Events[i], b.Events[i]);
            Assert.Equal((x.Id, x.Type.Name, x.ReceivedType, x.ReceivedVersion, x.OccurredAt, x.Producer, x.AggregateId),
                (y.Id, y.Type.Name, y.ReceivedType, y.ReceivedVersion, y.OccurredAt, y.Producer, y.AggregateId));
            Expect.SameValues(x.Values, y.Values);
        }
    }

    [Property(MaxTest = 50)]
    public Property The_same_bytes_processed_twice_give_equal_results() =>
        Prop.ForAll(AnyCase.ToArbitrary(), c => AssertSame(Pipelines.Shop.Process(c.Bytes), Pipelines.Shop.Process(c.Bytes)));

    [Fact]
    public void The_same_bytes_processed_on_many_threads_give_equal_results()
    {
        var inputs = AnyCase.Sample(40, 30).Select(c => c.Bytes)
            .Append(Wire.Envelope("checkout_completed", 1, Wire.Data(("order_id", "o"), ("customer_id", "c"), ("channel", "W"), ("amount", "1.5"))))
            .Append(Wire.Text("{\"metadata\": 1}"))
            .ToList();
        var expected = inputs.Select(b => Upcaster(b).Process(b)).ToList();

        var results = new UpcastResult[8][];
        Parallel.For(0, 8, t => results[t] = [.. inputs.Select(b => Upcaster(b).Process(b))]);

        foreach (var run in results)
        {
            for (var i = 0; i < inputs.Count; i++) AssertSame(expected[i], run[i]);
        }
    }

    private static Upcaster Upcaster(byte[] bytes) =>
        System.Text.Encoding.UTF8.GetString(bytes).Contains("checkout_completed", StringComparison.Ordinal) ? Pipelines.Legacy : Pipelines.Shop;

    [Fact]
    public void A_split_event_gives_the_same_derived_ids_on_every_replay()
    {
        var bytes = Wire.Envelope("checkout_completed", 1, Wire.Data(("order_id", "o"), ("customer_id", "c"), ("channel", "S"), ("amount", "3")), id: "chk-9");
        var first = Pipelines.Legacy.Process(bytes);
        var second = Pipelines.Legacy.Process(bytes);
        Assert.Equal(["chk-9", "chk-9#1"], first.Events.Select(e => e.Id));
        AssertSame(first, second);
    }
}

using Lake.Core.Upcasting;
using Lake.Pipelines;

namespace Lake.Tests.Upcasting;

/// <summary>C# upcasters compiled from the legacy fixture pipeline's folder: splitting, dropping, failing and rejecting events.</summary>
public class CSharpUpcasterTests
{
    private static UpcastResult Checkout(string? channel, string amount = "12.5") =>
        Pipelines.Legacy.Process(Wire.Envelope("checkout_completed", 1,
            Wire.Data(("order_id", "o-1"), ("customer_id", "c-1"), ("channel", channel), ("amount", amount)), id: "chk-1"));

    [Fact]
    public void The_fixture_pipeline_compiles_its_upcasters_from_the_folder()
    {
        var pipeline = PipelineLoader.Load(Repo.Fixture("pipelines/legacy"));
        Assert.Equal(["CheckoutSplitter", "ContactTestFilter"], pipeline.Catalog.CodeUpcasters.Select(u => u.GetType().Name).Order());
    }

    [Fact]
    public void A_split_legacy_event_lands_as_two_events_of_other_types_with_derived_ids()
    {
        var result = Checkout("W");

        Assert.Null(result.Error);
        Assert.Equal(2, result.Events.Count);
        var order = result.Events[0];
        var payment = result.Events[1];
        Assert.Equal(("order_opened", "chk-1"), (order.Type.Name, order.Id));
        Assert.Equal(("payment_taken", "chk-1#1"), (payment.Type.Name, payment.Id));
        Assert.All(result.Events, e => Assert.Equal("checkout_completed", e.ReceivedType));
        Assert.All(result.Events, e => Assert.Equal(1, e.ReceivedVersion));
        Assert.All(result.Events, e => Assert.Equal("agg-1", e.AggregateId));

        Expect.SameValues(["o-1", "web", new object?[] { "c-1", null }], order.Values);
        // The derived payment_taken v1 continues through its declarative v1->v2 steps.
        Expect.SameValues(["o-1", 12.50m, "EUR"], payment.Values);
    }

    [Fact]
    public void Derived_events_keep_the_original_occurred_at()
    {
        var result = Checkout("S");
        Assert.All(result.Events, e => Assert.Equal(new DateTime(2026, 11, 20, 10, 15, 0, DateTimeKind.Utc), e.OccurredAt));
        Assert.Equal("store", result.Events[0]["channel"]);
    }

    [Fact]
    public void A_derived_event_that_fails_validation_quarantines_the_whole_input()
    {
        var result = Checkout("W", amount: "12.345");

        Assert.Equal(QuarantineReason.TypeMismatch, result.Error?.Reason);
        Assert.Contains("amount", result.Error!.Message);
        Assert.Empty(result.Events);
    }

    [Fact]
    public void A_test_event_dropped_by_its_upcaster_produces_no_events_and_no_quarantine()
    {
        var result = Pipelines.Legacy.Process(Wire.Envelope("contact_added", 1, Wire.Data(("contact_id", "k-1"), ("is_test", true))));

        Assert.Null(result.Error);
        Assert.False(result.IsQuarantined);
        Assert.Empty(result.Events);
    }

    [Fact]
    public void A_real_contact_passes_the_test_filter_to_the_next_version()
    {
        var result = Pipelines.Legacy.Process(Wire.Envelope("contact_added", 1,
            Wire.Data(("contact_id", "k-1"), ("email", "a@b.c"), ("is_test", false))));

        var e = Assert.Single(result.Events);
        Assert.Equal("contact_added", e.Type.Name);
        Expect.SameValues(["k-1", "a@b.c", null], e.Values);
    }

    [Fact]
    public void An_upcaster_that_throws_quarantines_the_event_as_upcaster_failed_naming_the_upcaster_and_the_exception()
    {
        var result = Checkout("boom");

        Assert.Equal(QuarantineReason.UpcasterFailed, result.Error?.Reason);
        Assert.Equal("upcaster_failed", result.Error!.Reason.Code());
        Assert.Contains("CheckoutSplitter", result.Error.Message);
        Assert.Contains("InvalidOperationException", result.Error.Message);
        Assert.Contains("'boom'", result.Error.Message);
        Assert.Contains("checkout_completed v1", result.Error.Message);
        Assert.Empty(result.Events);
    }

    [Fact]
    public void An_upcaster_that_rejects_an_event_quarantines_it_with_the_reason_it_chose()
    {
        var result = Checkout("X");

        Assert.Equal(QuarantineReason.UnmappedValue, result.Error?.Reason);
        Assert.Equal("unmapped_value", result.Error!.Reason.Code());
        Assert.Contains("checkout channel \"X\" has no mapping", result.Error.Message);
        Assert.Contains("checkout_completed v1", result.Error.Message);
    }
}

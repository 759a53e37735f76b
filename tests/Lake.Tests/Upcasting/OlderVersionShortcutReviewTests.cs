using Lake.Core.Upcasting;
using Lake.Pipelines;
using static Lake.Tests.Upcasting.LatestShortcutTests;

namespace Lake.Tests.Upcasting;

/// <summary>
/// Regressions found in review of the older-version shortcut: catalogs whose steps the template run could not stand for,
/// each now left to the general path; and two general-path bugs found on the way.
/// </summary>
public sealed class OlderVersionShortcutReviewTests
{
    private static Upcaster Fresh() => new(PipelineLoader.Load(Repo.Fixture("pipelines/shortcut_review")).Catalog);

    private static byte[] Line(string type, int version, string data) =>
        Wire.Text($$"""{"metadata":{"id":"e-1","type":"{{type}}","version":{{version}},"occurred_at":"2026-11-20T10:15:00Z"},"data":{{data}}}""");

    [Theory]
    // A map or to_minor_units into a field an earlier add set: without the source field the added value stays.
    [InlineData("label_given", """{"rating_id":"r-1"}""")]
    [InlineData("label_given", """{"rating_id":"r-1","stars":5}""")]
    [InlineData("price_set", """{"price_id":"p-1"}""")]
    // A group whose moved field a later step drops: the general path keeps the empty struct (its defaults filled).
    [InlineData("contact_made", """{"contact_id":"c-1","name":"Ann"}""")]
    [InlineData("contact_made", """{"contact_id":"c-1","name":null}""")]
    // An add whose value is a struct.
    [InlineData("meta_added", """{"meta_id":"m-1"}""")]
    // A group into a struct an add set.
    [InlineData("meta_grouped", """{"meta_id":"m-1","origin":"o"}""")]
    [InlineData("meta_grouped", """{"meta_id":"m-1"}""")]
    public void The_shortcut_gives_the_general_paths_result_or_leaves_the_event_to_it(string type, string data)
    {
        var upcaster = Fresh();
        var line = Line(type, 1, data);
        AssertSame(General(upcaster, line), upcaster.Process(line), $"{type} {data}");
    }

    [Fact]
    public void Building_the_plans_does_not_change_the_catalogs_add_values()
    {
        // The add puts its own struct value into the data; the v3 map then rewrote origin x -> y inside the catalog.
        var upcaster = Fresh();
        foreach (var _ in Enumerable.Range(0, 3))
        {
            var result = upcaster.Process(Line("meta_mapped", 1, """{"meta_id":"m-1"}"""));
            Assert.False(result.IsQuarantined, result.Error?.Message);
            Assert.Equal(new object?[] { "y" }, (object?[])Assert.Single(result.Events).Values[1]!);
        }
    }

    [Fact]
    public void An_epoch_number_beyond_decimals_range_is_a_type_mismatch_not_a_crash()
    {
        // Regression (review): the epoch multiplication overflowed decimal and the exception escaped the upcaster.
        var upcaster = new Upcaster(PipelineLoader.Load(Repo.Fixture("pipelines/steps")).Catalog);
        var line = Line("signup_made", 1, """{"user_id":"u-1","legacy_flag":true,"created_ms":10000000000000000000000000000}""");

        var result = upcaster.Process(line);
        Assert.Equal(QuarantineReason.TypeMismatch, result.Error?.Reason);
        AssertSame(General(upcaster, line), result, "epoch overflow");
    }
}

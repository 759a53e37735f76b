using Lake.Core.Upcasting;

namespace Lake.Tests.Generation;

public class GeneratedHistoryKeepsItsOwnClaims
{
    private static GeneratedHistory H => GeneratedHistory.Shop;

    [Fact]
    public void It_writes_exactly_the_requested_number_of_lines()
    {
        Assert.Equal(H.Options.Events, H.Lines.Count);
        Assert.Equal(H.Options.Events, H.Stats.Lines);
    }

    [Fact]
    public void Recorded_at_is_strictly_increasing_over_every_line_that_carries_it()
    {
        DateTimeOffset? previous = null;
        var checkedLines = 0;
        for (var i = 0; i < H.Lines.Count; i++)
        {
            if (GeneratedHistory.Metadata(H.Lines[i]) is not { } meta || !meta.TryGetProperty("recorded_at", out var r)) continue;
            Assert.True(r.TryGetDateTimeOffset(out var recorded), $"line {i + 1}: recorded_at '{r}' is not a timestamp");
            if (previous is { } p) Assert.True(recorded > p, $"line {i + 1}: recorded_at {recorded:O} is not after {p:O}");
            previous = recorded;
            checkedLines++;
        }
        Assert.True(checkedLines > H.Lines.Count * 0.99, $"only {checkedLines} lines carried recorded_at");
    }

    [Fact]
    public void Every_version_of_every_type_appears_and_matches_the_stats()
    {
        var seen = H.Curated.GroupBy(e => $"{e.ReceivedType} v{e.ReceivedVersion}").ToDictionary(g => g.Key, g => (long)g.Count());
        string[] expected =
        [
            "customer_registered v1", "customer_registered v2", "customer_registered v3",
            "order_placed v1", "order_placed v2", "order_placed v3",
            "payment_captured v1", "payment_captured v2",
            "order_dispatched v1", "order_confirmed v1", "order_shipped v1", "order_cancelled v1",
        ];
        foreach (var key in expected) Assert.True(seen.GetValueOrDefault(key) > 0, $"{key} never appears among curated events");
        Assert.Equal(H.Stats.ByTypeAndVersion.OrderBy(k => k.Key, StringComparer.Ordinal), seen.OrderBy(k => k.Key, StringComparer.Ordinal));
    }

    [Fact]
    public void Quarantined_lines_per_reason_equal_the_stats_and_cover_every_reason()
    {
        var quarantined = H.Results.Where(r => r.Error is not null).GroupBy(r => r.Error!.Reason).ToDictionary(g => g.Key, g => (long)g.Count());
        var problems = QuarantineReasons.All
            .Where(r => quarantined.GetValueOrDefault(r) != H.Stats.BadByReason.GetValueOrDefault(r))
            .Select(r => $"{r.Code()}: upcaster quarantined {quarantined.GetValueOrDefault(r)}, generator claims {H.Stats.BadByReason.GetValueOrDefault(r)}")
            .ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        foreach (var reason in QuarantineReasons.All) Assert.True(quarantined.GetValueOrDefault(reason) > 0, $"no line was quarantined as {reason.Code()}");
    }

    [Fact]
    public void The_number_of_repeated_event_ids_equals_the_duplicates_claimed()
    {
        var ids = H.Lines.Select(GeneratedHistory.Metadata).Where(m => m is { } x && x.TryGetProperty("id", out _)).Select(m => m!.Value.GetProperty("id").GetString()).ToList();
        var repeated = ids.Count - ids.Distinct(StringComparer.Ordinal).Count();
        Assert.True(H.Stats.Duplicates > 0);
        Assert.Equal(H.Stats.Duplicates, repeated);
    }

    [Fact]
    public void Some_events_arrive_more_than_an_hour_behind_the_previous_line()
    {
        DateTime? previous = null;
        var late = 0;
        foreach (var r in H.Results)
        {
            if (r.Events.Count == 0) continue;
            var occurred = r.Events[0].OccurredAt;
            if (previous is { } p && occurred < p - TimeSpan.FromHours(1)) late++;
            previous = occurred;
        }
        Assert.True(H.Stats.Late > 0);
        Assert.True(late > 0, "no curated event occurred more than an hour before the previous line's event");
    }
}

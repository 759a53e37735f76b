using Lake.Projections;
using Lake.Projections.Rebuild;
using Lake.Projections.Snapshots;
using Lake.Storage;

namespace Lake.Tests.Projections;

/// <summary>Checkpoint + tail == full replay, including checkpoints taken before late events arrived.</summary>
public sealed class CheckpointTests(StagedBankLake staged) : IClassFixture<StagedBankLake>
{
    private LoadedProjection Balance => ProjectionLoader.Find(staged.Pipeline, "account_balance");

    private void ClearCheckpoints()
    {
        var dir = Path.Combine(staged.LakeB, "_lake", "checkpoints");
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
    }

    private static DateTime At(DateTime from, Random random, double days) => from.AddTicks((long)(random.NextDouble() * TimeSpan.FromDays(days).Ticks) / 10 * 10);

    [Fact]
    public void A_rebuild_from_a_checkpoint_taken_before_later_events_arrived_equals_a_full_replay_for_random_times()
    {
        var projection = Balance;
        var random = new Random(5);
        var storeB = new LocalFolderStore(staged.LakeB);
        int reused = 0, refused = 0;
        var span = (staged.FirstStageEnd - StagedBankLake.Start).TotalDays;
        for (var trial = 0; trial < 24; trial++)
        {
            ClearCheckpoints();
            var t = At(StagedBankLake.Start, random, span);
            DateTime? k = (trial % 3) switch { 0 => null, 1 => t.AddHours(random.Next(0, 48)), _ => t.AddHours(-random.Next(0, 12)) };
            if (k > staged.FirstStageEnd) k = staged.FirstStageEnd;
            // The checkpoint is built from lake A (what had arrived) and stored in lake B (which has since received the rest).
            var atCheckpoint = Projections.Rebuild(staged.LakeA, projection, t, k);
            new CheckpointStore(storeB).SaveAsync(atCheckpoint).GetAwaiter().GetResult();

            var t2 = At(t, random, 8);
            DateTime? k2 = (trial % 4) switch { 0 => null, 1 => k, 2 => t2.AddHours(random.Next(-12, 72)), _ => k?.AddHours(random.Next(-6, 6)) };
            var resumed = Projections.Rebuild(staged.LakeB, projection, t2, k2, useCheckpoints: true);
            var full = Projections.Rebuild(staged.LakeB, projection, t2, k2, useCheckpoints: false);
            Assert.Null(full.StartedFrom);
            Assert.True(Projections.Bytes(full).SequenceEqual(Projections.Bytes(resumed)),
                $"trial {trial}: checkpoint (as of {t:O}, known at {k:O}) + tail differs from a full replay as of {t2:O}, known at {k2:O} (checkpoint used: {resumed.StartedFrom is not null})");
            if (resumed.StartedFrom is not null) reused++;
            else refused++;
        }
        // Both paths must have been taken, or the property says nothing about one of them.
        Assert.True(reused >= 4, $"a checkpoint was reused in only {reused} trials");
        Assert.True(refused >= 4, $"a checkpoint was refused in only {refused} trials");
    }

    [Fact]
    public void A_checkpoint_is_not_reused_when_an_event_recorded_after_it_occurred_before_its_as_of()
    {
        ClearCheckpoints();
        var projection = Balance;
        // An as-of just before the first stage ended: the rest of the history holds late events that occurred before it.
        var t = staged.FirstStageEnd.AddHours(-6);
        var fromA = Projections.Rebuild(staged.LakeA, projection, t, null);
        new CheckpointStore(new LocalFolderStore(staged.LakeB)).SaveAsync(fromA).GetAwaiter().GetResult();
        var inB = Projections.Rebuild(staged.LakeB, projection, t, null);
        Assert.True(inB.EventsApplied > fromA.EventsApplied, "lake B has late events that occurred before the as-of");

        var resumed = Projections.Rebuild(staged.LakeB, projection, t.AddHours(1), null, useCheckpoints: true);
        Assert.Null(resumed.StartedFrom);
        Assert.Equal(Projections.Bytes(Projections.Rebuild(staged.LakeB, projection, t.AddHours(1), null)), Projections.Bytes(resumed));
        // The same checkpoint is still reusable for a known-at before those late events were recorded.
        var before = Projections.Rebuild(staged.LakeB, projection, t.AddHours(1), staged.FirstStageEnd, useCheckpoints: true);
        Assert.Equal(Projections.Bytes(Projections.Rebuild(staged.LakeB, projection, t.AddHours(1), staged.FirstStageEnd)), Projections.Bytes(before));
    }

    [Fact]
    public void A_checkpoint_in_the_same_lake_is_reused_and_only_the_tail_is_read()
    {
        ClearCheckpoints();
        var projection = Balance;
        var t = StagedBankLake.Start.AddDays(40);
        new CheckpointStore(new LocalFolderStore(staged.LakeB)).SaveAsync(Projections.Rebuild(staged.LakeB, projection, t, null)).GetAwaiter().GetResult();
        var resumed = Projections.Rebuild(staged.LakeB, projection, t.AddDays(1), null, useCheckpoints: true);
        var full = Projections.Rebuild(staged.LakeB, projection, t.AddDays(1), null);
        Assert.NotNull(resumed.StartedFrom);
        Assert.Equal(t, resumed.StartedFrom!.AsOf);
        Assert.True(resumed.DaysRead <= 2, $"{resumed.DaysRead} dt partitions read after a checkpoint a day earlier");
        Assert.True(resumed.EventsRead * 10 < full.EventsRead, $"{resumed.EventsRead} rows read from the checkpoint, {full.EventsRead} for a full replay");
        Assert.Equal(Projections.Bytes(full), Projections.Bytes(resumed));
    }
}

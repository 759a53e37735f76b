using System.Collections.Concurrent;
using Lake.Ingest;
using Lake.Kafka;
using Lake.Storage;

namespace Lake.Tests.Kafka;

/// <summary>A member paused past its poll interval loses its partitions; whatever it tries to commit afterwards is refused.</summary>
public class KafkaZombieTests
{
    [Fact]
    public void A_member_paused_past_its_poll_interval_cannot_commit_after_its_partitions_moved_to_a_new_owner()
    {
        using var history = new KafkaHistory("bank", 4000, 51);
        var lake = history.NewLake("lake");
        var paused = new ManualResetEventSlim();
        var resume = new ManualResetEventSlim();
        var zombieLog = new ConcurrentQueue<string>();
        var first = 0;
        var zombie = new KafkaIngestor(history.Pipeline.Catalog, new LocalFolderStore(lake),
            history.Consumer("g") with { Writer = "zombie", SessionTimeoutMs = 3000, MaxPollIntervalMs = 4000 })
        {
            Log = zombieLog.Enqueue,
            // The zombie stops between reading its ranges and committing the first of them: a GC pause, a frozen VM.
            BeforeCommit = _ =>
            {
                if (Interlocked.Exchange(ref first, 1) != 0) return;
                paused.Set();
                resume.Wait(TimeSpan.FromMinutes(6));
            },
        };
        var zombieRun = Task.Run(() => zombie.Run());
        Assert.True(paused.Wait(TimeSpan.FromMinutes(1)), "the first member never reached a commit: " + string.Join("\n", zombieLog));

        // The zombie's client keeps heartbeating while its thread is stuck, so the group drops it only when it misses its
        // poll interval; a successor joining before that is given nothing and, reading until idle, stops at once. Successors
        // join until the group has moved every partition to one of them, which then ingests everything.
        // The loop ends on what the lake holds, not on records read: a successor that loses its partitions in a rebalance (a
        // loaded machine) abandons its open ranges, and the next one reads them again. A loaded CI run spent 3 minutes here,
        // so the loop may take 4 (a passing run takes seconds).
        var successorLog = new ConcurrentQueue<string>();
        try
        {
            var successors = 0;
            var deadline = DateTime.UtcNow.AddMinutes(4);
            while (Committed(lake) < history.Reference.Records && DateTime.UtcNow < deadline)
            {
                var n = ++successors;
                new KafkaIngestor(history.Pipeline.Catalog, new LocalFolderStore(lake), history.Consumer("g") with { Writer = "successor" })
                {
                    Log = l => successorLog.Enqueue($"{DateTime.UtcNow:HH:mm:ss.fff} successor {n}: {l}"),
                }.Run();
            }
            Assert.True(Committed(lake) == history.Reference.Records,
                $"{successors} successor(s) committed {Committed(lake)} of {history.Reference.Records} records:\n" + string.Join("\n", successorLog));
        }
        finally
        {
            resume.Set();
        }
        var zombieSummary = zombieRun.GetAwaiter().GetResult();

        Assert.Contains(zombieLog, l => l.Contains("fenced by another member", StringComparison.Ordinal));
        Assert.Equal(0, zombieSummary.Commits);
        var records = new CommitLog(lake).ReadAll();
        Assert.NotEmpty(records);
        Assert.All(records, r => Assert.Equal("successor", r.Writer));
        Assert.DoesNotContain(Directory.EnumerateFiles(Path.Combine(lake, "_lake", "commits"), "*", SearchOption.AllDirectories), f => f.Contains("zombie", StringComparison.Ordinal));
        history.AssertExactlyOnce(lake);
    }

    private static long Committed(string lake) => Directory.Exists(Path.Combine(lake, "_lake", "commits"))
        ? new CommitLog(lake).ReadAll().Sum(r => r.LastOffset - r.FirstOffset + 1)
        : 0;
}

using Lake.Ingest;

namespace Lake.Tests.Kafka;

/// <summary>Several lake processes in one consumer group share the partitions; members joining and leaving mid-stream lose and duplicate nothing.</summary>
public class KafkaGroupTests
{
    [Fact]
    public void Members_joining_and_leaving_mid_stream_together_ingest_each_record_exactly_once()
    {
        using var history = new KafkaHistory("shop", 12_000, 42, partitions: 4, produce: false);
        var lake = history.NewLake("lake");
        // A third of the history is produced before B joins and the last third after A left, however slow the machine: with
        // a fixed rate alone, a loaded run had produced everything before B started, and B and C found no work.
        using var bJoined = new ManualResetEventSlim();
        using var aLeft = new ManualResetEventSlim();
        var producing = Task.Run(() => history.Produce(rate: 1500, beforeEach: sent =>
        {
            if (sent == history.Options.Events / 3) bJoined.Wait(TimeSpan.FromMinutes(2));
            if (sent == history.Options.Events * 2 / 3) aLeft.Wait(TimeSpan.FromMinutes(2));
        }));
        string[] Args(params string[] more) =>
            ["ingest", "--pipeline", history.Pipeline.Directory, "--bootstrap", history.Cluster.BootstrapServers, "--group", "pair",
             "--lake", lake, "--max-latency", "300ms", "--session-timeout", "3s", .. more];

        using var a = LakeProcess.Start(Args());
        Assert.True(a.WaitForLine(l => l.Contains("lake: assigned"), TimeSpan.FromSeconds(60)));
        // The first member commits before anyone else joins, so the work is shared however slow the machine: a fixed second
        // was not always enough under load for it to read a record (the check that the members shared the work failed).
        Assert.True(Poll.Until(() => Committed(lake) > 0, TimeSpan.FromSeconds(60), intervalMs: 100), "A committed nothing:\n" + string.Join("\n", a.Lines));
        using var b = LakeProcess.Start(Args());
        Assert.True(b.WaitForLine(l => l.Contains("lake: assigned"), TimeSpan.FromSeconds(60)), string.Join("\n", b.Lines));
        bJoined.Set();
        Thread.Sleep(1000);
        Assert.Equal(0, a.Stop(TimeSpan.FromSeconds(60)));
        aLeft.Set();
        using var c = LakeProcess.Start(Args());
        // A member must be in the group before it is stopped: a SIGTERM while the process still starts up ends it with 143
        // (the default for the signal), which a loaded CI run hit once.
        Assert.True(c.WaitForLine(l => l.Contains("lake: assigned"), TimeSpan.FromSeconds(60)), string.Join("\n", c.Lines));
        producing.GetAwaiter().GetResult();

        Assert.True(Poll.Until(() => Committed(lake) >= history.Reference.Records, TimeSpan.FromMinutes(3), intervalMs: 250),
            $"not caught up: {Committed(lake)} of {history.Reference.Records} records committed\nB:\n{string.Join("\n", b.Lines)}\nC:\n{string.Join("\n", c.Lines)}");
        Assert.Equal(0, b.Stop(TimeSpan.FromSeconds(60)));
        Assert.Equal(0, c.Stop(TimeSpan.FromSeconds(60)));

        history.AssertExactlyOnce(lake);
        var writers = new CommitLog(lake).ReadAll().GroupBy(r => r.Writer).Select(g => $"{g.Key}: {g.Count()} commit(s)").ToList();
        Assert.True(writers.Count >= 2, $"the work was shared by the members ({string.Join(", ", writers)})\nA:\n{string.Join("\n", a.Lines)}\nB:\n{string.Join("\n", b.Lines)}\nC:\n{string.Join("\n", c.Lines)}");
    }

    private static long Committed(string lake) => Directory.Exists(lake) ? new CommitLog(lake).ReadAll().Sum(r => r.LastOffset - r.FirstOffset + 1) : 0;
}

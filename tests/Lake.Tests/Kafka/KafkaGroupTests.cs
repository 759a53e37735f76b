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
        var producing = Task.Run(() => history.Produce(rate: 1500));
        string[] Args(params string[] more) =>
            ["ingest", "--pipeline", history.Pipeline.Directory, "--bootstrap", history.Cluster.BootstrapServers, "--group", "pair",
             "--lake", lake, "--max-latency", "300ms", "--session-timeout", "3s", .. more];

        using var a = LakeProcess.Start(Args());
        Assert.True(a.WaitForLine(l => l.Contains("lake: assigned"), TimeSpan.FromSeconds(60)));
        Thread.Sleep(1000);
        using var b = LakeProcess.Start(Args());
        Assert.True(b.WaitForLine(l => l.Contains("lake: assigned"), TimeSpan.FromSeconds(60)), string.Join("\n", b.Lines));
        Thread.Sleep(1000);
        Assert.Equal(0, a.Stop(TimeSpan.FromSeconds(60)));
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
        var writers = new CommitLog(lake).ReadAll().Select(r => r.Writer).Distinct().Count();
        Assert.True(writers >= 2, $"the work was shared by the members ({writers} writer(s))");
    }

    private static long Committed(string lake) => Directory.Exists(lake) ? new CommitLog(lake).ReadAll().Sum(r => r.LastOffset - r.FirstOffset + 1) : 0;
}

using Lake.Serve.Jobs;
using Lake.Tests.Kafka;
using Lake.Tests.Lake;

namespace Lake.Tests.Serve;

/// <summary>kafka-backfill is idempotent: the lake's commit log, not the job, decides what is still to read.</summary>
[Collection(ServeCollection.Name)]
public class BackfillJobTests
{
    [Fact]
    public void Running_the_backfill_twice_leaves_every_lake_file_byte_identical_and_the_second_run_reads_nothing()
    {
        using var history = new KafkaHistory("bank", 3000, 82);
        var lake = history.NewLake("lake");
        var environment = new JobEnvironment { Pipeline = history.Pipeline, Lake = lake, BootstrapServers = history.Cluster.BootstrapServers, SessionTimeoutMs = 6000 };
        var job = LakeJobRegistry.Default().Get("kafka-backfill");
        var progress = new List<string>();

        var first = job.Run(environment.Context(new Dictionary<string, string>(), progress.Add), CancellationToken.None);
        var before = IngestedHistory.FileHashes(lake).Where(f => !f.Key.StartsWith("_lake", StringComparison.Ordinal)).OrderBy(f => f.Key).ToList();
        var second = job.Run(environment.Context(new Dictionary<string, string>(), progress.Add), CancellationToken.None);

        Assert.StartsWith($"{history.Reference.Records:N0} records read", first);
        Assert.StartsWith("0 records read", second);
        Assert.Equal(before, IngestedHistory.FileHashes(lake).Where(f => !f.Key.StartsWith("_lake", StringComparison.Ordinal)).OrderBy(f => f.Key));
        history.AssertExactlyOnce(lake);
    }

    [Fact]
    public void A_backfill_stops_before_to_and_a_later_backfill_with_a_later_to_continues_where_it_stopped()
    {
        using var history = new KafkaHistory("bank", 3000, 83);
        var lake = history.NewLake("lake");
        var environment = new JobEnvironment { Pipeline = history.Pipeline, Lake = lake, BootstrapServers = history.Cluster.BootstrapServers, SessionTimeoutMs = 6000 };
        var job = LakeJobRegistry.Default().Get("kafka-backfill");
        // Records carry their produce time: "to" in the past reads nothing, "to" in the future reads all.
        var past = job.Run(environment.Context(new Dictionary<string, string> { ["to"] = "2000-01-01T00:00:00Z" }, _ => { }), CancellationToken.None);
        var all = job.Run(environment.Context(new Dictionary<string, string> { ["to"] = DateTime.UtcNow.AddDays(1).ToString("O") }, _ => { }), CancellationToken.None);

        Assert.StartsWith("0 records read", past);
        Assert.StartsWith($"{history.Reference.Records:N0} records read", all);
        history.AssertExactlyOnce(lake);
    }

    [Fact]
    public void Arguments_that_cannot_work_are_refused_before_anything_is_read()
    {
        using var history = new KafkaHistory("bank", 100, 84, produce: false);
        var lake = history.NewLake("lake");
        var job = LakeJobRegistry.Default().Get("kafka-backfill");
        var noKafka = new JobEnvironment { Pipeline = history.Pipeline, Lake = lake };
        var withKafka = new JobEnvironment { Pipeline = history.Pipeline, Lake = lake, BootstrapServers = history.Cluster.BootstrapServers, IngestedContinuously = ["bank.events"] };

        Assert.Contains("--bootstrap", Assert.Throws<JobArgumentException>(() => job.Run(noKafka.Context(new Dictionary<string, string>(), _ => { }), CancellationToken.None)).Message);
        Assert.Contains("ingested continuously", Assert.Throws<JobArgumentException>(() => job.Run(withKafka.Context(new Dictionary<string, string>(), _ => { }), CancellationToken.None)).Message);
        Assert.Contains("not a time", Assert.Throws<JobArgumentException>(() => job.Run(withKafka.Context(new Dictionary<string, string> { ["topics"] = "other", ["from"] = "last tuesday" }, _ => { }), CancellationToken.None)).Message);
        Assert.False(Directory.Exists(Path.Combine(lake, "raw")));
    }
}

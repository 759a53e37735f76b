using System.Collections.Concurrent;
using Lake.Ingest;
using Lake.Kafka;
using Lake.Storage;

namespace Lake.Tests.Kafka;

/// <summary>Broker faults while a member ingests a topic being produced: the lake ends with every record exactly once.</summary>
public class KafkaBrokerFaultTests
{
    private const short Fetch = 1;
    private const short OffsetCommit = 8;
    private const int NotLeaderOrFollower = 6, RequestTimedOut = 7, CoordinatorNotAvailable = 15, NotCoordinator = 16;

    [Fact]
    public void A_broker_down_for_seconds_failed_fetches_and_offset_commits_and_a_moved_leader_lose_and_duplicate_nothing()
    {
        using var history = new KafkaHistory("shop", 12_000, 71, partitions: 4, produce: false);
        var lake = history.NewLake("lake");
        var log = new ConcurrentQueue<string>();
        using var stop = new CancellationTokenSource();
        var ingest = Task.Run(() => new KafkaIngestor(history.Pipeline.Catalog, new LocalFolderStore(lake),
            history.Consumer("g", untilIdle: false) with { MaxLatency = TimeSpan.FromMilliseconds(300) }) { Log = log.Enqueue }.Run(stop.Token));
        var producing = Task.Run(() => history.Produce(rate: 1500));
        Assert.True(Poll.Until(() => log.Any(l => l.StartsWith("assigned", StringComparison.Ordinal)), TimeSpan.FromMinutes(1)), string.Join("\n", log));
        var topic = history.Pipeline.Topics.Keys.First();

        Thread.Sleep(1000);
        history.Cluster.InjectRequestErrors(Fetch, NotLeaderOrFollower, RequestTimedOut, NotLeaderOrFollower, RequestTimedOut);
        history.Cluster.InjectRequestErrors(OffsetCommit, CoordinatorNotAvailable, NotCoordinator, RequestTimedOut, CoordinatorNotAvailable, NotCoordinator, RequestTimedOut, NotCoordinator, CoordinatorNotAvailable);
        Thread.Sleep(1000);
        history.Cluster.SetBrokerDown(2);
        Thread.Sleep(5000);
        history.Cluster.SetBrokerUp(2);
        Thread.Sleep(1000);
        history.Cluster.MoveLeader(topic, 0, 3);
        history.Cluster.MoveLeader(topic, 1, 1);
        producing.GetAwaiter().GetResult();

        // Caught up when the lake's commit log covers every produced record.
        var caughtUp = Poll.Until(() => new CommitLog(lake).ReadAll().Sum(r => r.LastOffset - r.FirstOffset + 1) >= history.Reference.Records, TimeSpan.FromMinutes(3));
        stop.Cancel();
        var summary = ingest.GetAwaiter().GetResult();

        Assert.True(caughtUp, $"not caught up: {summary.Records} records read\n" + string.Join("\n", log));
        history.AssertExactlyOnce(lake);
    }
}

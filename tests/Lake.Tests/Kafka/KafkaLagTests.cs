using System.Collections.Concurrent;
using Confluent.Kafka;
using Lake.Generation;
using Lake.Ingest;
using Lake.Kafka;
using Lake.Storage;

namespace Lake.Tests.Kafka;

/// <summary>The ingestor reports each assigned partition's lag (high watermark minus the lake's next offset) and its commits.</summary>
public class KafkaLagTests
{
    private const short Fetch = 1;
    private const int RequestTimedOut = 7;

    [Fact]
    public void Stopped_at_to_the_last_lag_reported_per_partition_adds_up_to_the_records_produced_after_to()
    {
        using var history = new KafkaHistory("bank", 2000, 91);
        Thread.Sleep(20);
        var to = DateTime.UtcNow;
        Thread.Sleep(20);
        var after = new HistoryProducer(history.Pipeline, history.Cluster.BootstrapServers).Produce(new GenerationOptions(700, 92));
        var last = new Dictionary<int, long>();
        var commits = new List<(TimeSpan Latency, IngestCounts Counts)>();

        var summary = new KafkaIngestor(history.Pipeline.Catalog, new global::Lake.Storage.LocalFolderStore(history.NewLake("lake")), history.Consumer("g") with { To = to })
        {
            LagObserved = lags => { foreach (var l in lags) last[l.Partition] = l.Lag; },
            Committed = (latency, counts) => commits.Add((latency, counts)),
        }.Run();

        Assert.Equal(history.Reference.Records, summary.Records);
        Assert.Equal([0, 1, 2, 3], last.Keys.Order());
        Assert.Equal(after.Messages, last.Values.Sum());
        // One report per commit record, the last one holding the run's totals.
        Assert.Equal(summary.Commits, commits.Count);
        Assert.Equal(summary.Records, commits[^1].Counts.Records);
        Assert.Equal(summary.Curated, commits[^1].Counts.Events.Values.Sum());
        Assert.All(commits, c => Assert.True(c.Latency > TimeSpan.Zero));
    }

    [Fact]
    public void A_partition_assigned_again_reports_lag_against_a_watermark_fetched_in_this_assignment_not_the_one_cached_when_it_was_last_held()
    {
        // The bug: librdkafka keeps a partition's cached high watermark across assignments. A member that held a partition while
        // it was empty, lost it, and got it back after records were produced reported lag 0 until its first fetch; a serve test
        // took that for "caught up", stopped the server and found 4,701 of 6,000 records in the lake.
        using var history = new KafkaHistory("bank", 2000, 93, produce: false);
        var topic = history.Pipeline.Topics.Keys.Single();
        var reports = new ConcurrentQueue<(bool Back, PartitionLag Lag)>();
        IReadOnlyList<PartitionLag> latest = [];
        var back = false;
        using var stop = new CancellationTokenSource();
        var a = Task.Run(() => new KafkaIngestor(history.Pipeline.Catalog, new LocalFolderStore(history.NewLake("lake")), history.Consumer("g", untilIdle: false))
        {
            LagObserved = lags =>
            {
                foreach (var l in lags) reports.Enqueue((Volatile.Read(ref back), l));
                Volatile.Write(ref latest, lags);
            },
        }.Run(stop.Token));
        // A alone fetches the four empty partitions: their cached high watermark is 0.
        Assert.True(Poll.Until(() => Volatile.Read(ref latest).Count == 4, TimeSpan.FromMinutes(1)), "A never reported four partitions");

        // B, a bare member of the group, takes half of them; it writes nothing to the lake and commits nothing.
        var config = new ConsumerConfig
        {
            BootstrapServers = history.Cluster.BootstrapServers, GroupId = "g", EnableAutoCommit = false, SessionTimeoutMs = 6000,
            PartitionAssignmentStrategy = PartitionAssignmentStrategy.CooperativeSticky, AutoOffsetReset = AutoOffsetReset.Earliest,
        };
        var leave = false;
        using var b = new ConsumerBuilder<byte[], byte[]>(config).Build();
        b.Subscribe(topic);
        var bLoop = Task.Run(() => { while (!Volatile.Read(ref leave)) b.Consume(TimeSpan.FromMilliseconds(100)); b.Close(); });
        Assert.True(Poll.Until(() => Volatile.Read(ref latest).Count == 2, TimeSpan.FromMinutes(1)), "B never took partitions from A");
        var moved = Enumerable.Range(0, 4).Except(Volatile.Read(ref latest).Select(l => l.Partition)).ToHashSet();

        history.Produce();
        var high = moved.ToDictionary(p => p, p => b.QueryWatermarkOffsets(new TopicPartition(topic, p), TimeSpan.FromSeconds(10)).High.Value);
        Assert.All(high.Values, h => Assert.True(h > 0));
        // A's fetches fail for a while after it gets the partitions back: a lag reported then can only come from the old cache.
        history.Cluster.InjectRequestErrors(Fetch, [.. Enumerable.Repeat(RequestTimedOut, 40)]);
        Volatile.Write(ref back, true);
        Volatile.Write(ref leave, true);
        bLoop.GetAwaiter().GetResult();

        Assert.True(Poll.Until(() => Volatile.Read(ref latest) is { Count: 4 } l && l.All(x => x.Lag == 0), TimeSpan.FromMinutes(2)), "A did not catch up");
        stop.Cancel();
        a.GetAwaiter().GetResult();

        var after = reports.Where(r => r.Back && moved.Contains(r.Lag.Partition)).Select(r => r.Lag).ToList();
        Assert.NotEmpty(after);
        Assert.All(after, l => Assert.Equal(high[l.Partition], l.HighWatermark));
    }
}

using Lake.Generation;
using Lake.Ingest;
using Lake.Kafka;

namespace Lake.Tests.Kafka;

/// <summary>The ingestor reports each assigned partition's lag (high watermark minus the lake's next offset) and its commits.</summary>
public class KafkaLagTests
{
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
}

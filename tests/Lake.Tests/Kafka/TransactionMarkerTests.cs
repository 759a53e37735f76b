using Confluent.Kafka;
using Lake.Ingest;
using Lake.Kafka;
using Lake.Storage;
using Lake.Tests.Lake;

namespace Lake.Tests.Kafka;

/// <summary>A partition whose last offsets deliver no record (a transactional topic's commit markers) still has an end.</summary>
public class TransactionMarkerTests
{
    [Fact]
    public void Reading_until_idle_ends_at_a_partitions_end_even_when_its_last_offsets_deliver_no_record()
    {
        // A transactional producer's commit marker takes the last offset of each partition it wrote, and consumers never
        // receive it: a member reading until idle waited for that offset forever. The dev broker writes no markers, so the
        // member here withholds the last two records of each partition, as if they were markers.
        const int partitions = 4;
        using var history = new KafkaHistory("bank", 2000, 31, partitions);
        var lake = history.NewLake("lake");
        var topic = history.Pipeline.Topics.Keys.First();
        using var watermarks = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig { BootstrapServers = history.Cluster.BootstrapServers, GroupId = "w" }).Build();
        var ends = Enumerable.Range(0, partitions).ToDictionary(p => p, p => watermarks.QueryWatermarkOffsets(new TopicPartition(topic, p), TimeSpan.FromSeconds(10)).High.Value);
        bool Marker(TopicPartitionOffset r) => r.Offset.Value >= ends[r.Partition.Value] - 2;

        using var stop = new CancellationTokenSource();
        var run = Task.Factory.StartNew(() => new KafkaIngestor(history.Pipeline.Catalog, new LocalFolderStore(lake), history.Consumer("g")) { Withheld = Marker }.Run(stop.Token),
            CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        if (!run.Wait(TimeSpan.FromMinutes(2)))
        {
            stop.Cancel();
            Assert.Fail("the member never saw its partitions end");
        }
        var summary = run.Result;
        Assert.Equal(history.Reference.Records - 8, summary.Records);
        // The commit log covers every offset of every partition, the marker offsets included, without a gap.
        var log = new CommitLog(lake).ReadAll();
        foreach (var (partition, end) in ends)
        {
            var ranges = log.Where(r => r.Partition == partition).OrderBy(r => r.FirstOffset).ToList();
            Assert.Equal(end, ranges.Sum(r => r.LastOffset - r.FirstOffset + 1));
            Assert.Equal(end - 1, ranges[^1].LastOffset);
        }
        using var duck = new Duck();
        Assert.Equal(history.Reference.Records - 8, duck.Scalar<long>($"SELECT count(*) FROM {Duck.Zone(lake, "raw")}"));
        Assert.Equal(0, duck.Scalar<long>($"SELECT count(*) FROM {Duck.Zone(lake, "raw")} WHERE source_offset >= CASE source_partition {string.Join(" ", ends.Select(e => $"WHEN {e.Key} THEN {e.Value - 2}"))} END"));
        Assert.True(LakeVerifier.Verify(lake).IsClean);
    }
}

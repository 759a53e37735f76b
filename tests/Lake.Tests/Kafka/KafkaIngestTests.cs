using Confluent.Kafka;
using Lake.Ingest;
using Lake.Kafka;
using Lake.Storage;
using Lake.Tests.Lake;

namespace Lake.Tests.Kafka;

/// <summary>A consumer-group member ingests the pipeline's topics into the lake exactly once, resuming from the lake's commit log.</summary>
public class KafkaIngestTests
{
    [Fact]
    public void A_member_ingests_the_produced_history_exactly_once_as_the_file_ingest_of_the_same_history()
    {
        using var history = new KafkaHistory("shop", 6000, 21);
        var lake = history.NewLake("lake");

        var summary = history.Ingest(lake, "g1");

        Assert.Equal(history.Reference.Records, summary.Records);
        Assert.Equal(history.Reference.QuarantinedByReason, summary.QuarantinedByReason);
        history.AssertExactlyOnce(lake);
    }

    [Fact]
    public void Kafka_offsets_are_committed_after_the_lake_and_a_second_run_finds_nothing_new()
    {
        using var history = new KafkaHistory("bank", 3000, 22);
        var lake = history.NewLake("lake");
        history.Ingest(lake, "g1");
        var before = IngestedHistory.FileHashes(lake);

        var again = history.Ingest(lake, "g1");

        Assert.Equal(0, again.Records);
        Assert.Equal(before.Where(f => !f.Key.StartsWith("_lake")).OrderBy(f => f.Key), IngestedHistory.FileHashes(lake).Where(f => !f.Key.StartsWith("_lake")).OrderBy(f => f.Key));
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig { BootstrapServers = history.Cluster.BootstrapServers, GroupId = "g1" }).Build();
        var partitions = Enumerable.Range(0, 4).Select(p => new TopicPartition("bank.events", p)).ToList();
        var committed = consumer.Committed(partitions, TimeSpan.FromSeconds(10));
        var ends = partitions.Select(p => consumer.QueryWatermarkOffsets(p, TimeSpan.FromSeconds(10)).High.Value).ToList();
        Assert.Equal(ends, committed.Select(c => c.Offset.Value).ToList());
    }

    [Fact]
    public void The_lake_not_the_groups_kafka_offsets_decides_where_ingestion_resumes()
    {
        using var history = new KafkaHistory("bank", 3000, 23);
        var lake = history.NewLake("lake");
        // Another lake consumed with the same group: Kafka's offsets say "all done", yet this lake has nothing.
        history.Ingest(history.NewLake("other"), "shared");

        var summary = history.Ingest(lake, "shared");

        Assert.Equal(history.Reference.Records, summary.Records);
        history.AssertExactlyOnce(lake);
    }
}

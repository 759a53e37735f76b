using System.Text;
using Confluent.Kafka;
using Lake.Ingest;
using Lake.Kafka;
using Lake.Tests.Lake;

namespace Lake.Tests.Kafka;

/// <summary>Records that are not events go to the quarantine (and the dead-letter topic) with their reason and coordinates; the partition keeps moving.</summary>
public class KafkaPoisonTests
{
    private const string DeadLetterTopic = "lake.dead-letters";

    [Fact]
    public void Poison_records_are_quarantined_and_dead_lettered_with_their_coordinates_and_ingestion_goes_on()
    {
        using var history = new KafkaHistory("shop", 1000, 61, produce: false);
        history.Cluster.CreateTopic(DeadLetterTopic, 1);
        var topic = history.Pipeline.Topics.Keys.First();
        var random = new Random(61);
        var garbage = new byte[1024];
        random.NextBytes(garbage);
        var huge = Encoding.UTF8.GetBytes("{\"blob\": \"" + new string('x', 5_000_000 - 12) + "\"}");
        var ghost = Encoding.UTF8.GetBytes("""{"metadata": {"id": "7d1c7f0e-0000-4000-8000-000000000001", "type": "ghost_sighted", "version": 1, "occurred_at": "2026-11-20T10:15:00Z"}, "data": {}}""");
        (byte[]? Value, string Reason)[] poison =
        [
            (Encoding.UTF8.GetBytes("this is not json {"), "malformed"),
            (garbage, "malformed"),
            (huge, "malformed"),
            (ghost, "unknown_event_type"),
            (null, "malformed"),
        ];
        using (var producer = new ProducerBuilder<byte[]?, byte[]?>(new ProducerConfig { BootstrapServers = history.Cluster.BootstrapServers, MessageMaxBytes = 8 << 20 }).Build())
        {
            foreach (var (value, _) in poison) producer.Produce(new TopicPartition(topic, 0), new Message<byte[]?, byte[]?> { Value = value });
            producer.Flush(TimeSpan.FromSeconds(30));
        }
        // The good history comes after the poison on the same partitions: the member must read past it.
        history.Produce();
        var lake = history.NewLake("lake");

        var summary = history.Ingest(lake, "g", o => o with { DeadLetterTopic = DeadLetterTopic });

        Assert.Equal(history.Reference.Records + poison.Length, summary.Records);
        using var duck = new Duck();
        var quarantine = Duck.Zone(lake, "quarantine");
        var source = KafkaIngestor.SourceOf(topic);
        var rows = duck.Rows($"SELECT source_offset, reason, octet_length(payload) FROM {quarantine} WHERE source = '{source}' AND source_partition = 0 AND source_offset < {poison.Length} ORDER BY source_offset");
        Assert.Equal(poison.Select((p, i) => $"{i} {p.Reason} {p.Value?.Length ?? 0}"), rows.Select(r => $"{r[0]} {r[1]} {r[2]}"));
        Assert.Equal(history.Reference.Quarantined + poison.Length, duck.Scalar<long>($"SELECT count(*) FROM {quarantine}"));
        const string events = "event_type, event_id, event_version, aggregate_id, occurred_at";
        Assert.Equal(0, duck.Scalar<long>($"SELECT count(*) FROM (SELECT {events} FROM {Duck.Events(lake)} EXCEPT ALL SELECT {events} FROM {Duck.Events(history.ReferenceLake)})"));
        Assert.Equal(history.Reference.Curated, duck.Scalar<long>($"SELECT count(*) FROM {Duck.Events(lake)}"));

        var letters = DeadLettersIn(history.Cluster.BootstrapServers, (int)(history.Reference.Quarantined + poison.Length));
        for (var i = 0; i < poison.Length; i++)
        {
            var letter = Assert.Single(letters, l => Header(l, "lake.topic") == topic && Header(l, "lake.partition") == "0" && Header(l, "lake.offset") == i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(poison[i].Reason, Header(letter, "lake.reason"));
            Assert.NotEqual("", Header(letter, "lake.message"));
            Assert.Equal(poison[i].Value ?? [], letter.Message.Value ?? []);
        }
        Assert.True(LakeVerifier.Verify(lake).IsClean);
    }

    private static string? Header(ConsumeResult<byte[]?, byte[]?> record, string name) =>
        record.Message.Headers.TryGetLastBytes(name, out var bytes) ? Encoding.UTF8.GetString(bytes) : null;

    private static List<ConsumeResult<byte[]?, byte[]?>> DeadLettersIn(string bootstrap, int expected)
    {
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(new ConsumerConfig { BootstrapServers = bootstrap, GroupId = "dlq-reader", EnableAutoCommit = false }).Build();
        consumer.Assign(new TopicPartitionOffset(DeadLetterTopic, 0, Offset.Beginning));
        var letters = new List<ConsumeResult<byte[]?, byte[]?>>();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(500)) is { Message: not null } r) letters.Add(r);
            else if (letters.Count >= expected) break;
        }
        Assert.Equal(expected, letters.Count);
        return letters;
    }
}

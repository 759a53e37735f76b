using System.Text;
using Confluent.Kafka;
using Lake.Core.Envelope;
using Lake.Generation;
using Lake.Kafka;
using Lake.Pipelines;

namespace Lake.Tests.Kafka;

/// <summary><c>lake produce</c> puts the generated history on the pipeline's topics, keyed by aggregate, in either wire mode.</summary>
public class HistoryProducerTests
{
    private static List<ConsumeResult<string?, byte[]>> ConsumeAll(string bootstrap, string[] topics, int expected)
    {
        using var consumer = new ConsumerBuilder<string?, byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrap, GroupId = "check-" + Guid.NewGuid().ToString("N"), AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false, PartitionAssignmentStrategy = PartitionAssignmentStrategy.CooperativeSticky, SessionTimeoutMs = 6000,
        }).Build();
        consumer.Subscribe(topics);
        var all = new List<ConsumeResult<string?, byte[]>>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (all.Count < expected && DateTime.UtcNow < deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(500)) is { } r) all.Add(r);
        }
        consumer.Close();
        return all;
    }

    [Fact]
    public void The_shop_history_lands_on_its_topics_keyed_by_aggregate_with_the_generators_bytes()
    {
        var shop = PipelineLoader.Load(Repo.Pipeline("shop"));
        using var cluster = MockCluster.Start(1);
        cluster.CreateTopic("shop.orders", 4);
        cluster.CreateTopic("shop.customers", 2);
        var summary = new HistoryProducer(shop, cluster.BootstrapServers).Produce(new GenerationOptions(3000, 5));

        var all = ConsumeAll(cluster.BootstrapServers, ["shop.orders", "shop.customers"], 3000);

        Assert.Equal(3000, all.Count);
        Assert.Equal(summary.ByTopic["shop.customers"], all.Count(r => r.Topic == "shop.customers"));
        var generated = new HistoryGenerator(shop).Generate(new GenerationOptions(3000, 5)).Select(l => Convert.ToHexString(l.Json)).Order().ToList();
        Assert.Equal(generated, all.Select(r => Convert.ToHexString(r.Message.Value)).Order().ToList());
        foreach (var r in all.Where(r => r.Topic == "shop.customers").Take(50))
        {
            var envelope = EnvelopeDecoder.Decode(r.Message.Value).Envelope;
            if (envelope is not null) Assert.Equal(envelope.AggregateId, r.Message.Key);
        }
    }

    [Fact]
    public void CloudEvents_binary_mode_carries_the_envelope_in_ce_headers_and_the_data_as_the_value()
    {
        var bank = PipelineLoader.Load(Repo.Pipeline("bank"));
        using var cluster = MockCluster.Start(1);
        cluster.CreateTopic("bank.events", 2);
        new HistoryProducer(bank, cluster.BootstrapServers) { CloudEventsBinary = true }.Produce(new GenerationOptions(500, 9) { BadShare = 0 });

        var all = ConsumeAll(cluster.BootstrapServers, ["bank.events"], 500);

        Assert.Equal(500, all.Count);
        foreach (var r in all.Take(100))
        {
            string H(string name) => Encoding.UTF8.GetString(r.Message.Headers.GetLastBytes(name));
            Assert.Equal("1.0", H("ce_specversion"));
            Assert.StartsWith("account-service", H("ce_source"));
            Assert.Equal(r.Message.Key, H("ce_subject"));
            Assert.True(int.Parse(H("ce_dataversion")) is 1 or 2);
            Assert.Contains("\"account_id\"", Encoding.UTF8.GetString(r.Message.Value));
            Assert.DoesNotContain("\"metadata\"", Encoding.UTF8.GetString(r.Message.Value));
        }
    }

    [Theory]
    [InlineData(400, 400, 1000, 0)]   // on time
    [InlineData(400, 400, 998, 2)]    // 2 ms ahead: waits
    [InlineData(400, 400, 1002, 0)]   // behind (the clock moved on since the check): no wait, never a negative one
    [InlineData(12_000, 400, 0, 30_000)]
    public void Regression_the_rate_limit_waits_as_far_as_the_producer_is_ahead_and_never_a_negative_time(long messages, int rate, long elapsedMs, int expected)
    {
        // A crash-loop run on a loaded CI machine failed in the producer with "millisecondsTimeout ('-2') must be greater than or
        // equal to '-1'": the clock read to decide to wait was older than the one read to compute how long.
        Assert.Equal(expected, HistoryProducer.AheadMs(messages, rate, elapsedMs));
    }
}

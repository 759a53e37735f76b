using System.Text;
using Confluent.Kafka;
using Lake.Kafka;

namespace Lake.Tests.Kafka;

/// <summary>A lane waits for its own partition's dead letters before committing, not for those other lanes sent.</summary>
public class DeadLetterAcknowledgementTests
{
    private const string Letters = "letters";

    [Fact]
    public void A_commit_waits_for_its_own_partitions_dead_letters_not_for_letters_another_lane_sent()
    {
        // CI failure: "dead-letter topic lake.dead-letters: 1 record(s) not acknowledged within 60 s", raised one second into
        // the run. The wait before a commit covered every lane's letters (the producer's Flush) and counted its queue after the
        // wait, so a letter another lane sent meanwhile failed this lane's commit. Here the other lane's letter cannot be
        // acknowledged at all (its dead-letter partition's leader is down): the old wait failed after 60 s.
        using var cluster = MockCluster.Start(brokers: 2);
        cluster.CreateTopic(Letters, 2);
        cluster.CreateTopic("probes", 2);
        cluster.MoveLeader(Letters, 0, 1);
        cluster.MoveLeader(Letters, 1, 2);
        var (ownKey, otherKey) = (KeyLandingOn(cluster, 0), KeyLandingOn(cluster, 1));
        using var letters = new DeadLetters(cluster.BootstrapServers, Letters);
        var (own, other) = (new TopicPartition("orders", 0), new TopicPartition("orders", 1));

        cluster.SetBrokerDown(2);
        letters.Send(Record(other, 7, otherKey), ("malformed", "other lane"));
        letters.Send(Record(own, 3, ownKey), ("malformed", "own lane"));
        var flushing = Task.Factory.StartNew(() => letters.Flush(own), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        Assert.True(flushing.Wait(TimeSpan.FromSeconds(30)), "the own partition's commit waited for a letter another lane sent");
        flushing.GetAwaiter().GetResult();

        cluster.SetBrokerUp(2);
        letters.Flush(other);
        Assert.Equal(["orders 0 3", "orders 1 7"], ReadLetters(cluster));
    }

    private static ConsumeResult<byte[]?, byte[]?> Record(TopicPartition source, long offset, byte[] key) => new()
    {
        TopicPartitionOffset = new TopicPartitionOffset(source, offset),
        Message = new Message<byte[]?, byte[]?> { Key = key, Value = Encoding.UTF8.GetBytes("not json"), Headers = [] },
    };

    /// <summary>A key the producer's partitioner sends to that partition of the dead-letter topic (found by producing probes).</summary>
    private static byte[] KeyLandingOn(MockCluster cluster, int partition)
    {
        using var probe = new ProducerBuilder<byte[]?, byte[]?>(new ProducerConfig { BootstrapServers = cluster.BootstrapServers }).Build();
        for (var i = 0; i < 64; i++)
        {
            var key = Encoding.UTF8.GetBytes("key-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (probe.ProduceAsync("probes", new Message<byte[]?, byte[]?> { Key = key }).GetAwaiter().GetResult().Partition.Value == partition) return key;
        }
        throw new InvalidOperationException($"no key among 64 lands on partition {partition}");
    }

    private static List<string> ReadLetters(MockCluster cluster)
    {
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(new ConsumerConfig { BootstrapServers = cluster.BootstrapServers, GroupId = "reader", EnableAutoCommit = false }).Build();
        consumer.Assign([new TopicPartitionOffset(Letters, 0, Offset.Beginning), new TopicPartitionOffset(Letters, 1, Offset.Beginning)]);
        var read = new List<string>();
        string Header(Headers h, string name) => h.TryGetLastBytes(name, out var b) ? Encoding.UTF8.GetString(b) : "?";
        while (read.Count < 2 && consumer.Consume(TimeSpan.FromSeconds(10)) is { Message: not null } r)
            read.Add($"{Header(r.Message.Headers, "lake.topic")} {Header(r.Message.Headers, "lake.partition")} {Header(r.Message.Headers, "lake.offset")}");
        read.Sort(StringComparer.Ordinal);
        return read;
    }
}

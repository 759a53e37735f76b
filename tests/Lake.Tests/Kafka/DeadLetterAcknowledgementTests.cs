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
        using var cluster = TwoLeaders(out var ownKey, out var otherKey);
        using var letters = new DeadLetters(cluster.BootstrapServers, Letters);

        cluster.SetBrokerDown(2);
        letters.Send(Record(Other, 7, otherKey), ("malformed", "other lane"));
        letters.Send(Record(Own, 3, ownKey), ("malformed", "own lane"));
        var flushing = Task.Factory.StartNew(() => letters.Flush(Own), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        Assert.True(flushing.Wait(TimeSpan.FromSeconds(30)), "the own partition's commit waited for a letter another lane sent");
        flushing.GetAwaiter().GetResult();

        cluster.SetBrokerUp(2);
        letters.Flush(Other);
        Assert.Equal(["orders 0 3", "orders 1 7"], ReadLetters(cluster));
    }

    [Fact]
    public void A_commit_waits_until_its_own_partitions_dead_letters_are_acknowledged()
    {
        using var cluster = TwoLeaders(out var ownKey, out _);
        using var letters = new DeadLetters(cluster.BootstrapServers, Letters);

        cluster.SetBrokerDown(1);
        letters.Send(Record(Own, 3, ownKey), ("malformed", "own lane"));
        var flushing = Task.Factory.StartNew(() => letters.Flush(Own), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        Assert.False(flushing.Wait(TimeSpan.FromSeconds(2)), "the commit went ahead while its dead letter was not acknowledged");
        cluster.SetBrokerUp(1);
        Assert.True(flushing.Wait(TimeSpan.FromSeconds(60)), "the commit still waited after the letter was acknowledged");
        flushing.GetAwaiter().GetResult();
    }

    [Fact]
    public void A_dead_letter_that_cannot_be_delivered_fails_the_commit_with_the_delivery_error()
    {
        using var cluster = TwoLeaders(out var ownKey, out _);
        using var letters = new DeadLetters(cluster.BootstrapServers, Letters, acknowledgeTimeout: TimeSpan.FromSeconds(15));

        cluster.SetBrokerDown(1);
        letters.Send(Record(Own, 3, ownKey), ("malformed", "own lane"));
        var e = Assert.Throws<KafkaException>(() => letters.Flush(Own));
        // The producer gives up on the letter before the commit stops waiting: the error is the delivery's, not a timeout of the wait.
        Assert.Contains("was not delivered", e.Message, StringComparison.Ordinal);
        Assert.Contains("orders [[0]]", e.Message, StringComparison.Ordinal);
        cluster.SetBrokerUp(1);
    }

    [Fact]
    public void Dead_letters_sent_faster_than_the_broker_acknowledges_wait_for_room_in_the_producers_queue_and_none_is_lost()
    {
        // A queue of one letter: every Send after the first finds it full until the broker acknowledges.
        using var cluster = TwoLeaders(out var ownKey, out _);
        using var letters = new DeadLetters(cluster.BootstrapServers, Letters, queueMessages: 1);
        for (var i = 0; i < 20; i++) letters.Send(Record(Own, i, ownKey), ("malformed", "own lane"));
        letters.Flush(Own);
        Assert.Equal(20, ReadLetters(cluster, 20).Count);
    }

    private static readonly TopicPartition Own = new("orders", 0);
    private static readonly TopicPartition Other = new("orders", 1);

    /// <summary>A dev broker whose dead-letter partition 0 is led by broker 1 and partition 1 by broker 2, with a key for each.</summary>
    private static MockCluster TwoLeaders(out byte[] keyOnBroker1, out byte[] keyOnBroker2)
    {
        var cluster = MockCluster.Start(brokers: 2);
        cluster.CreateTopic(Letters, 2);
        cluster.CreateTopic("probes", 2);
        cluster.MoveLeader(Letters, 0, 1);
        cluster.MoveLeader(Letters, 1, 2);
        (keyOnBroker1, keyOnBroker2) = (KeyLandingOn(cluster, 0), KeyLandingOn(cluster, 1));
        return cluster;
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

    private static List<string> ReadLetters(MockCluster cluster, int expected = 2)
    {
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(new ConsumerConfig { BootstrapServers = cluster.BootstrapServers, GroupId = "reader", EnableAutoCommit = false }).Build();
        consumer.Assign([new TopicPartitionOffset(Letters, 0, Offset.Beginning), new TopicPartitionOffset(Letters, 1, Offset.Beginning)]);
        var read = new List<string>();
        string Header(Headers h, string name) => h.TryGetLastBytes(name, out var b) ? Encoding.UTF8.GetString(b) : "?";
        while (read.Count < expected && consumer.Consume(TimeSpan.FromSeconds(10)) is { Message: not null } r)
            read.Add($"{Header(r.Message.Headers, "lake.topic")} {Header(r.Message.Headers, "lake.partition")} {Header(r.Message.Headers, "lake.offset")}");
        read.Sort(StringComparer.Ordinal);
        return read;
    }
}

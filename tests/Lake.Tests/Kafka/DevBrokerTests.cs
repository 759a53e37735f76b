using Confluent.Kafka;
using Lake.Kafka;

namespace Lake.Tests.Kafka;

/// <summary>The dev broker speaks the real Kafka protocol over TCP: Confluent.Kafka produces, consumes in a group and commits.</summary>
public class DevBrokerTests
{
    [Fact]
    public void Messages_produced_to_the_dev_broker_are_consumed_back_in_a_group_with_committed_offsets()
    {
        using var cluster = MockCluster.Start(brokers: 3);
        cluster.CreateTopic("shop.orders", partitions: 4);
        Assert.Equal(3, cluster.BootstrapServers.Split(',').Length);

        using (var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = cluster.BootstrapServers, EnableIdempotence = true }).Build())
        {
            for (var i = 0; i < 1000; i++) producer.Produce("shop.orders", new Message<string, string> { Key = "o-" + (i % 50), Value = "{\"n\":" + i + "}" });
            Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(20)));
        }

        var config = new ConsumerConfig
        {
            BootstrapServers = cluster.BootstrapServers,
            GroupId = "lake-test",
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
            SessionTimeoutMs = 6000,
            PartitionAssignmentStrategy = PartitionAssignmentStrategy.CooperativeSticky,
        };
        var seen = new HashSet<string>();
        using (var consumer = new ConsumerBuilder<string, string>(config).Build())
        {
            consumer.Subscribe("shop.orders");
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (seen.Count < 1000 && DateTime.UtcNow < deadline)
            {
                if (consumer.Consume(TimeSpan.FromMilliseconds(500)) is { } r) seen.Add(r.Message.Value);
            }
            consumer.Commit();
            var committed = consumer.Committed(consumer.Assignment, TimeSpan.FromSeconds(10));
            Assert.Equal(1000, committed.Sum(c => c.Offset.Value));
            consumer.Close();
        }
        Assert.Equal(1000, seen.Count);
    }

    [Fact]
    public void Control_commands_take_brokers_down_and_up_move_leaders_and_reject_nonsense_with_help()
    {
        using var cluster = MockCluster.Start(brokers: 3);
        Assert.Equal("topic t with 2 partition(s)", BrokerControl.Apply(cluster, "topic t 2"));
        Assert.Equal("broker 2 is down", BrokerControl.Apply(cluster, "down 2"));
        Assert.Equal("broker 2 is up", BrokerControl.Apply(cluster, "up 2"));
        Assert.Equal("t[0] is led by broker 3", BrokerControl.Apply(cluster, "leader t 0 3"));
        Assert.Equal("the next 2 request(s) of API 1 fail", BrokerControl.Apply(cluster, "errors 1 6 6"));
        Assert.StartsWith("error: 'explode' is not a command; commands:", BrokerControl.Apply(cluster, "explode"));
        Assert.StartsWith("error: 'down x'", BrokerControl.Apply(cluster, "down x"));
    }
}

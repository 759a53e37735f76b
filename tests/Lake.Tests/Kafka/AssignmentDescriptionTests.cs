using Confluent.Kafka;
using Lake.Kafka;

namespace Lake.Tests.Kafka;

public class AssignmentDescriptionTests
{
    [Fact]
    public void Neighbouring_partitions_resuming_at_the_same_offset_are_listed_as_one_range_per_topic()
    {
        var offsets = Enumerable.Range(0, 64).Select(p => new TopicPartitionOffset("shop.orders", p, p is 7 or 8 ? 120 : 0))
            .Concat(Enumerable.Range(0, 3).Select(p => new TopicPartitionOffset("shop.customers", p, 0)))
            .Append(new TopicPartitionOffset("shop.customers", 5, 0));
        Assert.Equal("shop.customers [0-2]@0 [5]@0, shop.orders [0-6]@0 [7-8]@120 [9-63]@0", KafkaIngestor.Describe(offsets));
    }
}

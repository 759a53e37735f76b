using Confluent.Kafka;

namespace Lake.Kafka;

/// <summary>
/// Finds the first offset of a partition whose record timestamp is at or after a time: the broker's OffsetsForTimes where it
/// answers, otherwise a binary search on record timestamps (librdkafka's mock cluster answers every such query with "end").
/// </summary>
public static class OffsetSeeker
{
    public static long FirstAtOrAfter(string bootstrapServers, TopicPartition tp, DateTime time, long low, long high)
    {
        if (low >= high) return high;
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = "lake-offset-seeker",
            EnableAutoCommit = false,
        }).SetLogHandler((_, _) => { }).Build();
        var answer = consumer.OffsetsForTimes([new TopicPartitionTimestamp(tp, new Timestamp(time))], TimeSpan.FromSeconds(10))[0].Offset;
        if (answer.Value >= 0) return Math.Clamp(answer.Value, low, high);
        // "End" is right only when the last record is older than the time; a broker that cannot answer says "end" too.
        if (TimestampAt(consumer, tp, high - 1) < time) return high;
        long lo = low, hi = high;
        while (lo < hi)
        {
            var mid = lo + (hi - lo) / 2;
            if (TimestampAt(consumer, tp, mid) >= time) hi = mid;
            else lo = mid + 1;
        }
        return lo;
    }

    private static DateTime TimestampAt(IConsumer<Ignore, Ignore> consumer, TopicPartition tp, long offset)
    {
        consumer.Assign(new TopicPartitionOffset(tp, new Offset(offset)));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { Message: not null } r) return r.Message.Timestamp.UtcDateTime;
        }
        throw new TimeoutException($"{tp}: no record at offset {offset} within 30 s while seeking by time");
    }
}

using Confluent.Kafka;
using Lake.Kafka;

namespace Lake.Tests.Kafka;

/// <summary>Seeking by time over many partitions at once finds, in each, the first record at or after the time.</summary>
public class OffsetSeekerTests
{
    [Fact]
    public void Partitions_searched_together_each_get_the_first_offset_whose_timestamp_is_at_or_after_the_time()
    {
        using var cluster = MockCluster.Start(brokers: 1);
        const string topic = "seek";
        const int partitions = 6;
        cluster.CreateTopic(topic, partitions);
        var start = new DateTime(2026, 11, 20, 10, 0, 0, DateTimeKind.Utc);
        // Partition 0 stays empty; partition p holds 150 * p records, 10 ms apart, starting p ms after the start.
        var timestamps = Enumerable.Range(0, partitions)
            .Select(p => Enumerable.Range(0, 150 * p).Select(i => start.AddMilliseconds(p + 10 * i)).ToArray()).ToArray();
        using (var producer = new ProducerBuilder<Null, byte[]>(new ProducerConfig { BootstrapServers = cluster.BootstrapServers }).Build())
        {
            for (var p = 0; p < partitions; p++)
                foreach (var t in timestamps[p]) producer.Produce(new TopicPartition(topic, p), new Message<Null, byte[]> { Value = [1], Timestamp = new Timestamp(t) });
            Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(30)));
        }
        var bounds = Enumerable.Range(0, partitions).Select(p => (new TopicPartition(topic, p), 0L, (long)timestamps[p].Length)).ToList();

        DateTime[] times =
        [
            start.AddMinutes(-1),                // before every record: each partition's first offset
            start.AddMilliseconds(3 + 10 * 77),  // exactly a record of partition 3
            start.AddMilliseconds(4 + 10 * 200), // between records of partition 4, past the end of 1 and 2
            start.AddMinutes(10),                // after every record: each partition's end
        ];
        foreach (var time in times)
        {
            var found = OffsetSeeker.FirstAtOrAfter(cluster.BootstrapServers, bounds, time);
            for (var p = 0; p < partitions; p++)
            {
                var index = Array.FindIndex(timestamps[p], t => t >= time);
                var expected = new SeekAnswer(index >= 0 ? index : timestamps[p].Length, RecordFound: index >= 0);
                Assert.True(expected == found[new TopicPartition(topic, p)], $"partition {p} at {time:O}: expected {expected}, found {found[new TopicPartition(topic, p)]}");
            }
        }
    }

    [Fact]
    public void A_partition_whose_last_offsets_hold_no_record_is_searched_without_waiting_for_one()
    {
        // The search first reads the last offset. In a transactional topic that is a commit marker, which no consumer
        // receives: the seek waited 30 s for a record there, then failed the assignment. The dev broker writes no markers,
        // so the partition here is given a high watermark five offsets past its last record, where nothing can be read.
        using var cluster = MockCluster.Start(brokers: 1);
        const string topic = "ends-early";
        cluster.CreateTopic(topic, 1);
        var start = new DateTime(2026, 11, 20, 10, 0, 0, DateTimeKind.Utc);
        using (var producer = new ProducerBuilder<Null, byte[]>(new ProducerConfig { BootstrapServers = cluster.BootstrapServers }).Build())
        {
            for (var i = 0; i < 20; i++) producer.Produce(new TopicPartition(topic, 0), new Message<Null, byte[]> { Value = [1], Timestamp = new Timestamp(start.AddSeconds(i)) });
            Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(30)));
        }
        var partition = new TopicPartition(topic, 0);

        SeekAnswer Seek(DateTime time) => OffsetSeeker.FirstAtOrAfter(cluster.BootstrapServers, [(partition, 0, 25)], time)[partition];
        // After every record: the first offset with nothing from there on (reading from it reads nothing of the range), and
        // no record found, so the answer is not one to remember: records produced later would come after it.
        Assert.Equal(new SeekAnswer(20, RecordFound: false), Seek(start.AddMinutes(1)));
        Assert.Equal(new SeekAnswer(7, RecordFound: true), Seek(start.AddSeconds(7)));
        Assert.Equal(new SeekAnswer(0, RecordFound: true), Seek(start.AddMinutes(-1)));
    }
}

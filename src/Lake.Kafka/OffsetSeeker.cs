using Confluent.Kafka;

namespace Lake.Kafka;

/// <summary>
/// Finds, per partition, the first offset whose record timestamp is at or after a time: the broker's OffsetsForTimes where it
/// answers, otherwise a binary search on record timestamps (librdkafka's mock cluster answers every such query with "end").
/// The searches of all partitions advance together: each round reads one record per partition still searching, so a member
/// assigned 128 partitions waits ~log2(records) rounds, not that many round trips per partition one after another.
/// </summary>
public static class OffsetSeeker
{
    private static readonly TimeSpan RoundTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The first offset at or after <paramref name="time"/> in each partition, given its low and high watermarks.</summary>
    public static Dictionary<TopicPartition, SeekAnswer> FirstAtOrAfter(string bootstrapServers, IReadOnlyList<(TopicPartition Partition, long Low, long High)> partitions, DateTime time)
    {
        var found = new Dictionary<TopicPartition, SeekAnswer>();
        var searches = new List<Search>();
        foreach (var (tp, low, high) in partitions)
        {
            if (low >= high) found[tp] = new SeekAnswer(high, RecordFound: false);
            else searches.Add(new Search(tp, low, high));
        }
        if (searches.Count == 0) return found;

        using var consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = "lake-offset-seeker",
            EnableAutoCommit = false,
            // Each round reads one record per partition: a fetch long-polling the broker for more (500 ms by default) held up
            // the next round (a 6-partition search took 20 s, 1.3 s with this).
            FetchWaitMaxMs = 10,
            // A probe may have no record at or after it (transaction markers at the end): the partition's end says so.
            EnablePartitionEof = true,
        }).SetLogHandler((_, _) => { }).Build();
        var answers = Answers(consumer, searches, time);
        foreach (var s in searches)
        {
            if (answers.TryGetValue(s.Partition, out var answer) && answer >= 0)
            {
                // The broker names the record it found (outside the watermarks only if they moved meanwhile).
                found[s.Partition] = new SeekAnswer(Math.Clamp(answer, s.Low, s.High), RecordFound: answer < s.High);
                s.Done = true;
            }
        }

        // "End" is right only when a partition's last record is older than the time (a broker that cannot answer says "end"
        // too): the first round reads each last record, the next ones bisect.
        var open = searches.Where(s => !s.Done).ToList();
        while (open.Count > 0)
        {
            var timestamps = TimestampsAt(consumer, open);
            // No record at or after the probe: every record from there on (none) is at or after the time, vacuously.
            foreach (var s in open) s.Step(timestamps[s.Partition] is { } at ? (at >= time ? Probed.AtOrAfter : Probed.Before) : Probed.Nothing);
            foreach (var s in open.Where(s => s.Done)) found[s.Partition] = s.Result;
            open.RemoveAll(s => s.Done);
        }
        return found;
    }

    /// <summary>What a probe read: the first record from the probed offset on is before the time, at or after it, or there is none.</summary>
    private enum Probed { Before, AtOrAfter, Nothing }

    /// <summary>
    /// One partition's binary search for the first offset from which no record is older than the time: [Lo, Hi] holds it.
    /// The first probe is the last offset; no record from an offset on (transaction markers at the end) counts as none older.
    /// </summary>
    private sealed class Search(TopicPartition partition, long low, long high)
    {
        private bool _lastChecked;
        /// <summary>Whether Hi was set by a record at or after the time (rather than by the end of the partition).</summary>
        private bool _hiIsRecord;

        public TopicPartition Partition { get; } = partition;
        public long Low { get; } = low;
        public long High { get; } = high;
        public long Lo { get; private set; } = low;
        public long Hi { get; private set; } = high;
        public bool Done { get; set; }
        public SeekAnswer Result => new(Lo, RecordFound: _hiIsRecord && Lo == Hi);
        public long Probe => _lastChecked ? Lo + (Hi - Lo) / 2 : High - 1;

        public void Step(Probed probed)
        {
            var probe = Probe;
            if (!_lastChecked)
            {
                _lastChecked = true;
                if (probed == Probed.Before) Lo = High; // every record is older
                else (Hi, _hiIsRecord) = (probe, probed == Probed.AtOrAfter);
            }
            else if (probed == Probed.Before) Lo = probe + 1;
            else (Hi, _hiIsRecord) = (probe, probed == Probed.AtOrAfter);
            if (Lo >= Hi) Done = true;
        }
    }

    /// <summary>The broker's answers where it has them: one partition's error leaves that partition to the search, not the others.</summary>
    private static Dictionary<TopicPartition, long> Answers(IConsumer<Ignore, Ignore> consumer, List<Search> searches, DateTime time)
    {
        List<TopicPartitionOffset> answers;
        try
        {
            answers = consumer.OffsetsForTimes([.. searches.Select(s => new TopicPartitionTimestamp(s.Partition, new Timestamp(time)))], TimeSpan.FromSeconds(10));
        }
        catch (TopicPartitionOffsetException e)
        {
            answers = [.. e.Results.Where(r => !r.Error.IsError).Select(r => r.TopicPartitionOffset)];
        }
        return answers.ToDictionary(a => a.TopicPartition, a => a.Offset.Value);
    }

    /// <summary>
    /// The timestamp of the first record at or after each search's probe offset; none when the partition ends before one.
    /// Records a previous round fetched are not mixed in: librdkafka discards what it fetched for an assignment it replaced.
    /// </summary>
    private static Dictionary<TopicPartition, DateTime?> TimestampsAt(IConsumer<Ignore, Ignore> consumer, List<Search> searches)
    {
        var probes = searches.ToDictionary(s => s.Partition, s => s.Probe);
        consumer.Assign(probes.Select(p => new TopicPartitionOffset(p.Key, new Offset(p.Value))));
        var timestamps = new Dictionary<TopicPartition, DateTime?>();
        var deadline = DateTime.UtcNow + RoundTimeout;
        while (timestamps.Count < probes.Count)
        {
            if (DateTime.UtcNow > deadline)
            {
                var missing = probes.Where(p => !timestamps.ContainsKey(p.Key)).Select(p => $"{p.Key}@{p.Value}");
                throw new TimeoutException($"no record within {RoundTimeout.TotalSeconds:0} s at {string.Join(", ", missing)} while seeking by time");
            }
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is not { } r || !probes.TryGetValue(r.TopicPartition, out var probe)) continue;
            if (r.IsPartitionEOF) timestamps.TryAdd(r.TopicPartition, null);
            else if (r.Message is not null && r.Offset.Value >= probe) timestamps.TryAdd(r.TopicPartition, r.Message.Timestamp.UtcDateTime);
        }
        return timestamps;
    }
}

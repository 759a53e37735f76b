using System.Diagnostics;
using Lake.Ingest;

namespace Lake.Kafka;

/// <summary>What a member holds for one assigned topic partition: its lease and open commit unit, and where it stands.</summary>
internal sealed class PartitionState(Confluent.Kafka.TopicPartition partition, CommitUnit unit, long next, long end)
{
    public Confluent.Kafka.TopicPartition Partition { get; } = partition;
    public CommitUnit Unit { get; } = unit;
    /// <summary>The lane that ingests this partition's records and commits its ranges.</summary>
    public required IngestLane Lane { get; init; }
    /// <summary>The next offset the lake expects from this partition.</summary>
    public long Next { get; set; } = next;
    /// <summary>Where this partition is done: the high watermark at assignment (until-idle) or the offset of --to.</summary>
    public long End { get; set; } = end;
    /// <summary>When the open range got its first record (Stopwatch ticks), for the latency bound.</summary>
    public long OpenedAt { get; set; }
    /// <summary>True once this assignment has fetched the partition (a record or its end): its cached high watermark is current.</summary>
    public bool Fetched { get; set; }
    /// <summary>True once a newer claim fenced this member: it writes nothing more here.</summary>
    public bool Fenced { get; set; }
    /// <summary>Set by the consuming thread when the group took the partition away (lost): nothing more of it is handled or committed.</summary>
    public bool Lost { get => Volatile.Read(ref _lost); set => Volatile.Write(ref _lost, value); }
    private bool _lost;
    public bool Done => Next >= End && Unit.FirstOffset < 0;
    public TimeSpan Age => AgeAt(Stopwatch.GetTimestamp());
    /// <summary>How long the open range has waited at <paramref name="now"/> (Stopwatch ticks).</summary>
    public TimeSpan AgeAt(long now) => Unit.FirstOffset < 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(OpenedAt, now);
}

namespace Lake.Ingest;

/// <summary>A newer claim fenced this writer: its batch was not committed, and it must stop writing the partition.</summary>
public sealed class CommitConflictException(string source, int partition, long firstOffset)
    : IOException($"source {source} partition {partition}: another writer claimed this partition, so the batch starting at offset {firstOffset} was not committed")
{
    public string SourceName { get; } = source;
    public int Partition { get; } = partition;
    public long FirstOffset { get; } = firstOffset;
}

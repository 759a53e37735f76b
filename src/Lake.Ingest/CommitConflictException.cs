namespace Lake.Ingest;

/// <summary>Another writer already committed a range starting at this offset: this writer's batch must be abandoned, not committed.</summary>
public sealed class CommitConflictException(string source, int partition, long firstOffset)
    : IOException($"source {source} partition {partition}: a commit starting at offset {firstOffset} already exists; another writer owns this range, so this batch was not committed")
{
    public string SourceName { get; } = source;
    public int Partition { get; } = partition;
    public long FirstOffset { get; } = firstOffset;
}

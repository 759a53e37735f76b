namespace Lake.Projections.Reading;

/// <summary>One event's place in the fold order: (occurred_at, recorded_at, source, source_partition, source_offset, event_id).</summary>
internal struct FoldEntry
{
    public long Occurred;
    public long Recorded;
    /// <summary>Rank of the source name among the day's sources in ordinal order, so comparing ranks compares names.</summary>
    public int Source;
    public int Partition;
    public long Offset;
    public int Chunk;
    public int Row;
}

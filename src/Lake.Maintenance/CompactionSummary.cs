namespace Lake.Maintenance;

/// <summary>What a compaction did: partitions merged, files and bytes before and after, duplicates removed, partitions left for later.</summary>
public sealed class CompactionSummary
{
    public int Partitions { get; internal set; }
    public int FilesBefore { get; internal set; }
    public int FilesAfter { get; internal set; }
    public long BytesBefore { get; internal set; }
    public long BytesAfter { get; internal set; }
    public long RowsIn { get; internal set; }
    public long RowsOut { get; internal set; }
    public long DuplicatesRemoved { get; internal set; }
    /// <summary>Partitions with files younger than the minimum age: compacted by a later run.</summary>
    public int SkippedTooYoung { get; internal set; }
    /// <summary>Leftovers of interrupted rewrites cleaned before compacting: replaced inputs, outputs of void or unrecorded rewrites.</summary>
    public int Cleaned { get; internal set; }
    public TimeSpan Elapsed { get; internal set; }
}

using Lake.Parquet;

namespace Lake.Ingest;

/// <summary>How an ingest writes: the commit unit, the memory budget for buffered rows, and the Parquet settings.</summary>
public sealed record IngestOptions
{
    /// <summary>Input records per commit: a crash loses at most this much work, never data.</summary>
    public int BatchRecords { get; init; } = 1_000_000;
    /// <summary>Buffered rows beyond this estimate are flushed, largest partition first, so memory does not grow with partitions.</summary>
    public long MemoryBudgetBytes { get; init; } = 256L << 20;
    public ParquetSettings Parquet { get; init; } = new();
    /// <summary>The pipeline folder whose catalog files are copied to <c>_lake/catalog/&lt;fingerprint&gt;/</c> (skipped when null).</summary>
    public string? PipelineDirectory { get; init; }
}

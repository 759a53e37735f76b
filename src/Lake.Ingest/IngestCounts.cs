namespace Lake.Ingest;

/// <summary>A copy of an ingest's running totals, taken on the ingesting thread, that another thread may read (metrics, progress).</summary>
public sealed record IngestCounts(
    long Records,
    long Curated,
    long Quarantined,
    long FilesWritten,
    long BytesWritten,
    long Commits,
    IReadOnlyDictionary<(string Type, int Version), long> Events,
    IReadOnlyDictionary<string, long> QuarantinedByReason);

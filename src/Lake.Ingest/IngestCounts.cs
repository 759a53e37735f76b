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
    IReadOnlyDictionary<string, long> QuarantinedByReason)
{
    /// <summary>The totals of several ingests working side by side (the lanes of one Kafka member).</summary>
    public static IngestCounts Sum(IEnumerable<IngestCounts> parts)
    {
        long records = 0, curated = 0, quarantined = 0, files = 0, bytes = 0, commits = 0;
        var events = new Dictionary<(string Type, int Version), long>();
        var reasons = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var p in parts)
        {
            records += p.Records;
            curated += p.Curated;
            quarantined += p.Quarantined;
            files += p.FilesWritten;
            bytes += p.BytesWritten;
            commits += p.Commits;
            foreach (var (k, n) in p.Events) events[k] = events.GetValueOrDefault(k) + n;
            foreach (var (k, n) in p.QuarantinedByReason) reasons[k] = reasons.GetValueOrDefault(k) + n;
        }
        return new(records, curated, quarantined, files, bytes, commits, events, reasons);
    }
}

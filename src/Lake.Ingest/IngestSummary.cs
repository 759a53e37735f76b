using Lake.Core.Upcasting;

namespace Lake.Ingest;

/// <summary>What an ingest did, reconciled: every input record is in raw, and is curated or quarantined (or dropped by a C# upcaster).</summary>
public sealed class IngestSummary
{
    public long Records { get; internal set; }
    public long Curated { get; internal set; }
    public long Quarantined { get; internal set; }
    /// <summary>Records a C# upcaster turned into no event (kept in raw).</summary>
    public long DroppedByUpcaster { get; internal set; }
    /// <summary>Records skipped because an earlier run committed them.</summary>
    public long AlreadyCommitted { get; internal set; }
    public long FilesWritten { get; internal set; }
    public long BytesWritten { get; internal set; }
    public SortedDictionary<string, long> EventsByTypeAndVersion { get; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, long> QuarantinedByReason { get; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, long> UnknownFields { get; } = new(StringComparer.Ordinal);
    public List<string> Errors { get; } = [];
    public TimeSpan Elapsed { get; internal set; }

    internal void Count(SortedDictionary<string, long> counts, string key) => counts[key] = counts.GetValueOrDefault(key) + 1;

    internal void Quarantine(QuarantineReason reason) { Quarantined++; Count(QuarantinedByReason, reason.Code()); }
}

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
    /// <summary>Commit records written.</summary>
    public long Commits { get; internal set; }
    public SortedDictionary<string, long> EventsByTypeAndVersion { get; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, long> QuarantinedByReason { get; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, long> UnknownFields { get; } = new(StringComparer.Ordinal);
    public List<string> Errors { get; } = [];
    public TimeSpan Elapsed { get; set; }

    internal void Count(SortedDictionary<string, long> counts, string key) => counts[key] = counts.GetValueOrDefault(key) + 1;

    /// <summary>Per-event counting by (type, version), named once at the end rather than formatting a key per event.</summary>
    private readonly Dictionary<(string Type, int Version), long> _events = [];

    internal void CountEvent(string type, int receivedVersion)
    {
        Curated++;
        _events[(type, receivedVersion)] = _events.GetValueOrDefault((type, receivedVersion)) + 1;
    }

    public void Publish()
    {
        foreach (var ((type, version), n) in _events) EventsByTypeAndVersion[$"{type} v{version}"] = n;
    }

    /// <summary>Adds what another ingest of the same run did (a lane of a Kafka member); call before <see cref="Publish"/>.</summary>
    public void Absorb(IngestSummary other)
    {
        Records += other.Records;
        Curated += other.Curated;
        Quarantined += other.Quarantined;
        DroppedByUpcaster += other.DroppedByUpcaster;
        AlreadyCommitted += other.AlreadyCommitted;
        FilesWritten += other.FilesWritten;
        BytesWritten += other.BytesWritten;
        Commits += other.Commits;
        foreach (var (k, n) in other._events) _events[k] = _events.GetValueOrDefault(k) + n;
        foreach (var (k, n) in other.QuarantinedByReason) QuarantinedByReason[k] = QuarantinedByReason.GetValueOrDefault(k) + n;
        foreach (var (k, n) in other.UnknownFields) UnknownFields[k] = UnknownFields.GetValueOrDefault(k) + n;
        Errors.AddRange(other.Errors);
        LastQuarantine = other.LastQuarantine ?? LastQuarantine;
    }

    /// <summary>The running totals so far. Not synchronised: call it on the thread that ingests (e.g. from a <c>Committed</c> callback).</summary>
    public IngestCounts Snapshot() => new(Records, Curated, Quarantined, FilesWritten, BytesWritten, Commits,
        new Dictionary<(string Type, int Version), long>(_events), new Dictionary<string, long>(QuarantinedByReason, StringComparer.Ordinal));

    /// <summary>The reason code and message of the most recent quarantined record (a dead-letter topic forwards them).</summary>
    public (string Reason, string Message)? LastQuarantine { get; private set; }

    internal void Quarantine(QuarantineReason reason, string message)
    {
        Quarantined++;
        Count(QuarantinedByReason, reason.Code());
        LastQuarantine = (reason.Code(), message);
    }
}

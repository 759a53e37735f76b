namespace Lake.Maintenance;

/// <summary>What a replay did: raw records upcast again, where they went, files replaced and written.</summary>
public sealed class ReplaySummary
{
    public long Records { get; internal set; }
    public long Curated { get; internal set; }
    public long Quarantined { get; internal set; }
    public IReadOnlyDictionary<string, long> QuarantinedByReason { get; internal set; } = new Dictionary<string, long>();
    public int FilesReplaced { get; internal set; }
    public int FilesWritten { get; internal set; }
    /// <summary>The replay produced exactly the files already live: nothing was written.</summary>
    public bool Unchanged { get; internal set; }
    public TimeSpan Elapsed { get; internal set; }
}

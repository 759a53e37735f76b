namespace Lake.Ingest;

/// <summary>What recovery did: files rolled forward into place, leftovers deleted, invalid records removed.</summary>
public sealed class RecoveryResult
{
    public int RolledForward { get; internal set; }
    public List<string> Removed { get; } = [];
    public int InvalidRecordsRemoved { get; internal set; }
}

namespace Lake.Ingest;

/// <summary>What a <see cref="LakeMirror"/> sync found and did: committed files wanted, already present, fetched, and stale removed.</summary>
public sealed class MirrorResult
{
    public int Files { get; init; }
    public long Bytes { get; init; }
    public int Present { get; set; }
    public int Fetched { get; set; }
    public long FetchedBytes { get; set; }
    public int Removed { get; set; }
}

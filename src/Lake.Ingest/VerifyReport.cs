namespace Lake.Ingest;

/// <summary>What <see cref="LakeVerifier"/> found: violations of the lake's invariants, hidden leftovers, and what a repair removed.</summary>
public sealed class VerifyReport
{
    public int SourcePartitions { get; internal set; }
    public long CommittedRecords { get; internal set; }
    public int CommittedFiles { get; internal set; }
    public List<string> Violations { get; } = [];
    /// <summary>Hidden staged files no commit lists (readers never see them; the next ingest removes them).</summary>
    public List<string> Uncommitted { get; } = [];
    public List<string> Repaired { get; } = [];
    public bool IsClean => Violations.Count == 0;
}

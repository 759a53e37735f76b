namespace Lake.Maintenance;

/// <summary>What <see cref="LakeCompactor"/> merges: curated partitions with at least two files under the target size, old enough to be settled.</summary>
public sealed record CompactionOptions
{
    /// <summary>Files at or above this size are left alone; merged files are cut near it (Athena prefers ~128 MiB).</summary>
    public long TargetBytes { get; init; } = 128L << 20;
    /// <summary>
    /// Only files at least this old are merged. A commit can be voided by a claim that read the log just before the commit
    /// appeared; waiting lets every such claim land first, so compaction never merges rows that are about to be withdrawn.
    /// </summary>
    public TimeSpan MinAge { get; init; } = TimeSpan.FromHours(1);
    /// <summary>Only this event type (all when null).</summary>
    public string? EventType { get; init; }
    /// <summary>Only partitions with dt in [From, To] (inclusive; open when null).</summary>
    public DateOnly? From { get; init; }
    public DateOnly? To { get; init; }
    /// <summary>The writer name in rewrite records.</summary>
    public string Writer { get; init; } = "compact";
    /// <summary>Where inputs are copied for DuckDB and outputs written before upload (a temp folder when null).</summary>
    public string? WorkFolder { get; init; }
}

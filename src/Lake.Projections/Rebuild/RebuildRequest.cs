using Lake.Projections.Sharding;

namespace Lake.Projections.Rebuild;

/// <summary>
/// A rebuild's times: events with occurred_at &lt;= <see cref="AsOf"/> and, when given, recorded_at &lt;= <see cref="KnownAt"/>
/// (both UTC). Without known-at, everything the lake holds now is known.
/// </summary>
public sealed record RebuildRequest(DateTime AsOf, DateTime? KnownAt = null)
{
    /// <summary>Start from the best provably equivalent checkpoint (default); false replays the whole history.</summary>
    public bool UseCheckpoints { get; init; } = true;

    /// <summary>The keys to rebuild (default: all). A shard's snapshot is a part of the whole one; see <see cref="Snapshots.SnapshotFile.Merge"/>.</summary>
    public KeyShard Shard { get; init; } = KeyShard.All;

    /// <summary>
    /// The most keys held in memory at once (null: no bound). When a pass exceeds it, the pass keeps half of its keys and leaves
    /// the other half to a later pass over the same events; finished passes are spilled to <see cref="SpillFolder"/> and merged.
    /// </summary>
    public int? MaxKeys { get; init; }

    /// <summary>
    /// Threads folding keys side by side (rounded down to a power of two), for projections whose events name their key
    /// (<see cref="Projection.KeysAreInEvents"/>) and rebuilds without a key budget. Default: the cores but one (the reader's).
    /// </summary>
    public int? FoldThreads { get; init; }

    /// <summary>Where passes are spilled (default: a fresh folder under the system's temporary folder, removed with the result).</summary>
    public string? SpillFolder { get; init; }
}

namespace Lake.Ingest;

/// <summary>
/// A rewrite of live files (compaction, replay): once its record is written its outputs replace its inputs, provided every
/// input was still live, unchanged, when the rewrites before it were applied. The put of the record is the switch.
/// </summary>
public sealed record RewriteRecord
{
    public required long Sequence { get; init; }
    public required string Writer { get; init; }
    /// <summary>"compact" or "replay".</summary>
    public required string Kind { get; init; }
    /// <summary>The lake folder the rewrite works in, e.g. <c>events/event_type=order_placed/dt=2026-09-01</c>.</summary>
    public required string Directory { get; init; }
    public required IReadOnlyList<RewriteInput> Inputs { get; init; }
    public required IReadOnlyList<CommittedFile> Outputs { get; init; }
    /// <summary>Rows of the inputs left out on purpose (events with an event_id already kept).</summary>
    public long DuplicatesRemoved { get; init; }
}

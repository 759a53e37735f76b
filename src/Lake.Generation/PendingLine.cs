using Lake.Core.Schema;
using Lake.Core.Upcasting;

namespace Lake.Generation;

/// <summary>
/// A generated line waiting for its recorded_at turn; what it counts for in the stats is recorded when it is emitted, so
/// lines still waiting when the run stops are not counted. A struct, so the merge heap holds no object per line.
/// </summary>
internal readonly record struct PendingLine(LineBytes Json, int PatchAt, string Type, string? AggregateId, long Recorded)
{
    public EventTypeSchema? CountType { get; init; }
    public int CountVersion { get; init; }
    public bool Duplicate { get; init; }
    public bool Late { get; init; }
    public QuarantineReason? Bad { get; init; }
}

namespace Lake.Projections.Rebuild;

/// <summary>
/// A rebuild's times: events with occurred_at &lt;= <see cref="AsOf"/> and, when given, recorded_at &lt;= <see cref="KnownAt"/>
/// (both UTC). Without known-at, everything the lake holds now is known.
/// </summary>
public sealed record RebuildRequest(DateTime AsOf, DateTime? KnownAt = null)
{
    /// <summary>Start from the best provably equivalent checkpoint (default); false replays the whole history.</summary>
    public bool UseCheckpoints { get; init; } = true;
}

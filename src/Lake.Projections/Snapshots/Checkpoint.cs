namespace Lake.Projections.Snapshots;

/// <summary>
/// What a checkpoint records beside its state: the definition fingerprint, the times it was built for, the events it applied
/// (count and greatest recorded_at) and the committed files it covered (every file of the projection's types with dt up to the
/// day of <see cref="AsOf"/>), from which a later rebuild proves that reusing it gives the same answer as a full replay.
/// </summary>
public sealed record Checkpoint
{
    public required string Projection { get; init; }
    public required string Fingerprint { get; init; }
    public required DateTime AsOf { get; init; }
    public DateTime? KnownAt { get; init; }
    public DateTime? MaxRecordedAt { get; init; }
    public required long EventsApplied { get; init; }
    public required IReadOnlyList<string> Files { get; init; }
    /// <summary>SHA-256 of the state file, so a state and a record written by different runs are never paired.</summary>
    public required string StateSha256 { get; init; }
    public required IReadOnlyDictionary<string, Dictionary<string, string>> Lookups { get; init; }
}

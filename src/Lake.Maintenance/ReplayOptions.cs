namespace Lake.Maintenance;

/// <summary>Which raw records a replay upcasts again: recorded_at in [From, To), UTC.</summary>
public sealed record ReplayOptions
{
    public required DateTime From { get; init; }
    public required DateTime To { get; init; }
    /// <summary>Files younger than this are not rewritten (see <see cref="CompactionOptions.MinAge"/>): the replay refuses to start.</summary>
    public TimeSpan MinAge { get; init; } = TimeSpan.FromHours(1);
    /// <summary>The writer name in the rewrite record.</summary>
    public string Writer { get; init; } = "replay";
    /// <summary>Where files are copied for DuckDB and the replayed zones are built (a temp folder when null).</summary>
    public string? WorkFolder { get; init; }
}

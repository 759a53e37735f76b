using Lake.Projections.Snapshots;

namespace Lake.Projections.Rebuild;

/// <summary>A rebuilt state and how it was reached.</summary>
public sealed class RebuildResult
{
    public required LoadedProjection Projection { get; init; }
    public required RebuildRequest Request { get; init; }
    public required ProjectionState State { get; init; }
    /// <summary>Events applied in total (the checkpoint's and the replayed ones): each event id once.</summary>
    public required long EventsApplied { get; init; }
    /// <summary>Rows read from the lake by this run (before the time filters and de-duplication).</summary>
    public required long EventsRead { get; init; }
    public DateTime? MaxRecordedAt { get; init; }
    /// <summary>The committed files with dt up to the as-of day, i.e. what a checkpoint of this state covers.</summary>
    public required IReadOnlyList<string> Files { get; init; }
    /// <summary>The checkpoint the rebuild started from, or null for a full replay.</summary>
    public Checkpoint? StartedFrom { get; init; }
    public int DaysRead { get; init; }
    public TimeSpan Elapsed { get; init; }

    /// <summary>The snapshot's key-value metadata: only what the inputs determine, so equal states give equal files.</summary>
    public IReadOnlyDictionary<string, string> Metadata() => new SortedDictionary<string, string>(StringComparer.Ordinal)
    {
        ["lake.projection"] = Projection.Name,
        ["lake.fingerprint"] = Projection.Fingerprint,
        ["lake.as_of"] = Lake.Core.Data.Timestamps.Format(Request.AsOf),
        ["lake.known_at"] = Request.KnownAt is { } k ? Lake.Core.Data.Timestamps.Format(k) : "",
        ["lake.max_recorded_at"] = MaxRecordedAt is { } m ? Lake.Core.Data.Timestamps.Format(m) : "",
        ["lake.events_applied"] = EventsApplied.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["lake.rows"] = State.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}

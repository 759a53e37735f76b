using System.Globalization;

namespace Lake.Projections.Snapshots;

/// <summary>Where snapshots and checkpoints live in a lake, and how as-of and known-at times appear in paths.</summary>
public static class SnapshotPaths
{
    public const string Snapshots = "snapshots";
    public const string FileName = "snapshot.parquet";
    /// <summary>Checkpoints are lake state (not for readers): under <c>_lake/</c>, one folder per definition fingerprint.</summary>
    public const string Checkpoints = "_lake/checkpoints";
    public const string CheckpointFile = "checkpoint.json";
    public const string StateFile = "state.parquet";

    /// <summary><c>yyyyMMddTHHmmssZ</c>, with <c>.ffffff</c> before the Z only when the time has a fraction of a second.</summary>
    public static string Format(DateTime utc) => utc.Ticks % TimeSpan.TicksPerSecond == 0
        ? utc.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)
        : utc.ToString("yyyyMMdd'T'HHmmss'.'ffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>The folder part for one (as-of, known-at) pair: <c>as_of=..[/known_at=..]</c>.</summary>
    public static string Times(DateTime asOf, DateTime? knownAt) =>
        $"as_of={Format(asOf)}" + (knownAt is { } k ? $"/known_at={Format(k)}" : "");

    /// <summary><c>snapshots/projection=&lt;name&gt;/as_of=&lt;t&gt;[/known_at=&lt;t&gt;]/snapshot.parquet</c></summary>
    public static string Snapshot(string projection, DateTime asOf, DateTime? knownAt) =>
        $"{Snapshots}/projection={projection}/{Times(asOf, knownAt)}/{FileName}";

    public static string CheckpointFolder(string projection, string fingerprint, DateTime asOf, DateTime? knownAt) =>
        $"{CheckpointsOf(projection, fingerprint)}{Times(asOf, knownAt)}/";

    /// <summary>The prefix under which a definition's checkpoints are listed (another fingerprint is never looked at).</summary>
    public static string CheckpointsOf(string projection, string fingerprint) => $"{Checkpoints}/projection={projection}/{fingerprint[..16]}/";
}

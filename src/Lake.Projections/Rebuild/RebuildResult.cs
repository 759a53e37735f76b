using System.Globalization;
using Lake.Core.Data;
using Lake.Projections.Sharding;
using Lake.Projections.Snapshots;

namespace Lake.Projections.Rebuild;

/// <summary>A rebuilt state and how it was reached: in memory (one pass), or as spilled parts (several). Dispose to remove spilled parts.</summary>
public sealed class RebuildResult : IDisposable
{
    public required LoadedProjection Projection { get; init; }
    public required RebuildRequest Request { get; init; }
    /// <summary>The whole state when one pass sufficed; null when it was folded in several passes (see <see cref="Parts"/>).</summary>
    public ProjectionState? State { get; init; }
    /// <summary>Snapshot files of the passes' disjoint key shards, in key order each; empty after a single pass.</summary>
    public IReadOnlyList<string> Parts { get; init; } = [];
    /// <summary>The temporary folder holding <see cref="Parts"/>, removed by <see cref="Dispose"/>.</summary>
    public string? SpillFolder { get; init; }
    /// <summary>Keys in the state (of the requested shard).</summary>
    public required long Rows { get; init; }
    /// <summary>The C# projections' lookups (whole in every pass: they are not sharded).</summary>
    public required SortedDictionary<string, Dictionary<string, string>> Lookups { get; init; }
    /// <summary>Events applied in total (the checkpoint's and the replayed ones): each event id once.</summary>
    public required long EventsApplied { get; init; }
    /// <summary>Rows read from the lake by this run, over all passes (before the time filters and de-duplication).</summary>
    public required long EventsRead { get; init; }
    public DateTime? MaxRecordedAt { get; init; }
    /// <summary>The committed files with dt up to the as-of day, i.e. what a checkpoint of this state covers.</summary>
    public required IReadOnlyList<string> Files { get; init; }
    /// <summary>The checkpoint the rebuild started from, or null for a full replay.</summary>
    public Checkpoint? StartedFrom { get; init; }
    public int DaysRead { get; init; }
    /// <summary>Passes over the events: 1 unless the key budget forced more.</summary>
    public int Passes { get; init; } = 1;
    public TimeSpan Elapsed { get; init; }

    /// <summary>The snapshot's key-value metadata: only what the inputs determine, so equal states give equal files.</summary>
    public IReadOnlyDictionary<string, string> Metadata() =>
        MetadataOf(Projection.Name, Projection.Fingerprint, Request.AsOf, Request.KnownAt, MaxRecordedAt, EventsApplied, Rows, Request.Shard);

    /// <summary>Snapshot metadata from its parts, so that merged shards carry exactly what a whole rebuild would.</summary>
    public static IReadOnlyDictionary<string, string> MetadataOf(string projection, string fingerprint, DateTime asOf, DateTime? knownAt,
        DateTime? maxRecordedAt, long eventsApplied, long rows, KeyShard shard)
    {
        var metadata = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["lake.projection"] = projection,
            ["lake.fingerprint"] = fingerprint,
            ["lake.as_of"] = Timestamps.Format(asOf),
            ["lake.known_at"] = knownAt is { } k ? Timestamps.Format(k) : "",
            ["lake.max_recorded_at"] = maxRecordedAt is { } m ? Timestamps.Format(m) : "",
            ["lake.events_applied"] = eventsApplied.ToString(CultureInfo.InvariantCulture),
            ["lake.rows"] = rows.ToString(CultureInfo.InvariantCulture),
        };
        if (!shard.IsAll) metadata["lake.shard"] = shard.ToString();
        return metadata;
    }

    /// <summary>Writes the snapshot (of the requested shard) to <paramref name="output"/>: the state, or the merge of the parts.</summary>
    public void WriteSnapshot(Stream output)
    {
        var p = Projection.Projection;
        if (State is not null) SnapshotFile.Write(State, Metadata(), output);
        else SnapshotFile.Merge(p, MergedToFanIn(Parts), Metadata(), output);
    }

    /// <summary>Parts merged side by side at most: each open part holds a file handle and a record batch.</summary>
    private const int FanIn = 64;

    /// <summary>Merges parts in rounds of <see cref="FanIn"/> into the spill folder until at most that many are left.</summary>
    private IReadOnlyList<string> MergedToFanIn(IReadOnlyList<string> parts)
    {
        var round = 0;
        while (parts.Count > FanIn)
        {
            var next = new List<string>();
            for (var g = 0; g * FanIn < parts.Count; g++)
            {
                var group = parts.Skip(g * FanIn).Take(FanIn).ToList();
                var merged = Path.Combine(SpillFolder ?? Path.GetDirectoryName(parts[0])!, $"merge-{round}-{g}.parquet");
                using (var output = File.Create(merged))
                    SnapshotFile.Merge(Projection.Projection, group, new Dictionary<string, string>(), output, SnapshotFile.PartRowGroupRows);
                next.Add(merged);
            }
            parts = next;
            round++;
        }
        return parts;
    }

    /// <summary>Writes the snapshot to a local file, streamed (the file is never whole in memory); returns the path.</summary>
    public string WriteSnapshotFile(string path)
    {
        using (var output = File.Create(path)) WriteSnapshot(output);
        return path;
    }

    /// <summary>The snapshot file's bytes (small snapshots and tests; <see cref="WriteSnapshotFile"/> for large ones).</summary>
    public byte[] SnapshotBytes()
    {
        using var ms = new MemoryStream();
        WriteSnapshot(ms);
        return ms.ToArray();
    }

    public void Dispose()
    {
        if (SpillFolder is not null && Directory.Exists(SpillFolder)) Directory.Delete(SpillFolder, recursive: true);
    }
}

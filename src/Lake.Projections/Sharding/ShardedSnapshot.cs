using System.Security.Cryptography;
using System.Text;
using Lake.Ingest;
using Lake.Projections.Reading;
using Lake.Projections.Rebuild;
using Lake.Projections.Snapshots;
using Lake.Storage;

namespace Lake.Projections.Sharding;

/// <summary>
/// A snapshot built as key-hash shards that run anywhere (separate jobs, separate servers), then merged into the very file a
/// single rebuild writes. Each shard stores its part and a checkpoint-style record under
/// <c>_lake/snapshot-parts/projection=&lt;name&gt;/as_of=..[/known_at=..]/round=&lt;id&gt;/</c>; the merge checks that every part
/// saw the same committed files and events, writes the snapshot and a checkpoint, marks the round merged and removes the parts.
/// </summary>
public sealed class ShardedSnapshot(ILakeStore store, LoadedProjection projection, DateTime asOf, DateTime? knownAt, int shards, string round)
{
    private const string Merged = "merged.json";

    public ILakeStore Store { get; } = store;
    public LoadedProjection Projection { get; } = projection;
    public DateTime AsOf { get; } = asOf;
    public DateTime? KnownAt { get; } = knownAt;
    public int Shards { get; } = shards >= 1 ? shards : throw new ArgumentOutOfRangeException(nameof(shards), shards, "at least one shard");
    /// <summary>Names one attempt at the snapshot, so that a round's parts are never mixed with another's.</summary>
    public string Round { get; } = round.Length is > 0 and <= 64 && round.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')
        ? round : throw new ArgumentException($"round '{round}' must be a plain name (up to 64 letters, digits, '-', '_')", nameof(round));

    public string Folder => $"{LakePaths.State}/snapshot-parts/projection={Projection.Name}/{SnapshotPaths.Times(AsOf, KnownAt)}/round={Round}/";

    /// <summary>Rebuilds shard <paramref name="index"/> (from the best checkpoint, its keys only) and stores its part; returns the part's key count.</summary>
    public async Task<long> BuildPartAsync(int index, int? maxKeys = null, CancellationToken ct = default)
    {
        var shard = new KeyShard(index, Shards);
        using var result = await new ProjectionRebuilder(Store, Projection)
            .RebuildAsync(new RebuildRequest(AsOf, KnownAt) { Shard = shard, MaxKeys = maxKeys }, null, ct).ConfigureAwait(false);
        var temp = Path.Combine(Path.GetTempPath(), "lake-part-" + Guid.NewGuid().ToString("N") + ".parquet");
        try
        {
            result.WriteSnapshotFile(temp);
            // The part first, then its record naming the part's hash: a record always describes a complete part.
            await CheckpointStore.UploadAsync(Store, Folder + shard.FileStem + ".parquet", temp, ct).ConfigureAwait(false);
            var record = CheckpointStore.Describe(result, await CheckpointStore.Sha256Async(temp, ct).ConfigureAwait(false));
            await Store.PutAsync(Folder + shard.FileStem + ".json", CheckpointStore.Serialize(record), ct).ConfigureAwait(false);
            return result.Rows;
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>The shards whose part is stored and complete.</summary>
    public async Task<IReadOnlyList<int>> DonePartsAsync(CancellationToken ct = default) =>
        (await ReadPartsAsync(verify: false, ct).ConfigureAwait(false)).Select(p => p.Index).ToList();

    /// <summary>
    /// The stored parts that must be built again before the round can merge: those whose file does not match its record, and
    /// those built from other events than the lake holds now. A part is current when every file it read is still committed and
    /// no file committed since holds an event it would have folded (occurred_at &lt;= as-of, recorded_at &lt;= known-at), the
    /// test <see cref="CheckpointStore"/> makes: files of today's ingestion, whose events occur after the as-of, change nothing.
    /// A late event, a compaction or a replay committed while the shards ran makes parts stale.
    /// </summary>
    public async Task<IReadOnlyList<int>> StalePartsAsync(CancellationToken ct = default) =>
        await OutOfDateAsync((await ReadPartsAsync(verify: true, ct, keepUnverified: true).ConfigureAwait(false)).Select(p => (p.Index, (Checkpoint?)p.Record)), ct).ConfigureAwait(false);

    /// <summary>The parts (null record: unverified) that are not content-equivalent to the lake now; see <see cref="StalePartsAsync"/>.</summary>
    private async Task<List<int>> OutOfDateAsync(IEnumerable<(int Index, Checkpoint? Record)> parts, CancellationToken ct)
    {
        var reader = new LakeEventReader(Store);
        var files = await reader.CommittedFilesAsync(Projection.Projection.EventTypes, ct).ConfigureAwait(false);
        var day = DateOnly.FromDateTime(AsOf);
        var now = files.Where(f => f.Dt <= day).ToList();
        var live = now.Select(f => f.Key).ToHashSet(StringComparer.Ordinal);
        var (t, k) = (AsOf.Ticks, KnownAt?.Ticks ?? long.MaxValue);
        var stale = new List<int>();
        foreach (var (index, record) in parts)
        {
            if (record is null || !record.Files.All(live.Contains)) { stale.Add(index); continue; }
            var seen = record.Files.ToHashSet(StringComparer.Ordinal);
            if (await reader.AnyAsync(now.Where(f => !seen.Contains(f.Key)), (occurred, recorded) => occurred <= t && recorded <= k, ct).ConfigureAwait(false)) stale.Add(index);
        }
        return stale;
    }

    private ProjectionException Changed(string which) => new(
        $"{which} of round {Round} saw different lake contents: events that occurred before the as-of were committed, compacted or replayed while the shards ran; "
        + "build the stale parts again (the snapshot-merge job does) or run the snapshot again");

    /// <summary>Removes a stored part (its record first, so a half-removed part is never taken for a complete one).</summary>
    public async Task DiscardPartAsync(int index, CancellationToken ct = default)
    {
        var stem = Folder + new KeyShard(index, Shards).FileStem;
        await Store.DeleteAsync(stem + ".json", ct).ConfigureAwait(false);
        await Store.DeleteAsync(stem + ".parquet", ct).ConfigureAwait(false);
    }

    /// <summary>True once a merge of this round finished (a rerun of the merge has nothing to do).</summary>
    public async Task<bool> IsMergedAsync(CancellationToken ct = default) => await Store.StatAsync(Folder + Merged, ct).ConfigureAwait(false) is not null;

    /// <summary>
    /// Merges the round's parts into the snapshot and a checkpoint, when all are stored; returns the snapshot's key, or null when
    /// parts are still missing. Parts built from different lake contents (a late event committed between two shards) are refused.
    /// </summary>
    public async Task<(string Snapshot, long Rows)?> TryMergeAsync(CancellationToken ct = default)
    {
        var key = SnapshotPaths.Snapshot(Projection.Name, AsOf, KnownAt);
        if (await IsMergedAsync(ct).ConfigureAwait(false)) return (key, -1);
        if ((await ReadPartsAsync(verify: false, ct).ConfigureAwait(false)).Count < Shards) return null;
        var parts = await ReadPartsAsync(verify: true, ct).ConfigureAwait(false);
        if (parts.Count < Shards) return null;
        var first = parts[0].Record;
        foreach (var (index, record, _) in parts)
        {
            if (record.Fingerprint != Projection.Fingerprint)
                throw new ProjectionException($"part {index}/{Shards} of round {Round} was built from another definition of '{Projection.Name}' (fingerprint {record.Fingerprint[..12]}, now {Projection.Fingerprint[..12]}); run the snapshot again");
            if (record.EventsApplied != first.EventsApplied || record.MaxRecordedAt != first.MaxRecordedAt)
                throw Changed($"parts 0 and {index} ({first.EventsApplied:N0} vs {record.EventsApplied:N0} events)");
        }
        // The parts were just verified against their records: only their contents are checked here, not their hashes again.
        if (await OutOfDateAsync(parts.Select(p => (p.Index, (Checkpoint?)p.Record)), ct).ConfigureAwait(false) is { Count: > 0 } stale)
            throw Changed($"parts {string.Join(", ", stale)}, against the lake now,");
        var temp = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "lake-merge-" + Guid.NewGuid().ToString("N"))).FullName;
        try
        {
            var paths = new List<string>();
            long rows = 0;
            foreach (var (index, _, partKey) in parts)
            {
                var path = Path.Combine(temp, $"{index}.parquet");
                await using (var input = await Store.OpenReadAsync(partKey, ct).ConfigureAwait(false))
                await using (var output = File.Create(path))
                {
                    await input.CopyToAsync(output, ct).ConfigureAwait(false);
                }
                rows += SnapshotFile.RowCount(path);
                paths.Add(path);
            }
            var metadata = RebuildResult.MetadataOf(Projection.Name, Projection.Fingerprint, AsOf, KnownAt, first.MaxRecordedAt, first.EventsApplied, rows, KeyShard.All);
            var merged = Path.Combine(temp, "snapshot.parquet");
            await using (var output = File.Create(merged)) SnapshotFile.Merge(Projection.Projection, paths, metadata, output);
            await CheckpointStore.UploadAsync(Store, key, merged, ct).ConfigureAwait(false);
            await new CheckpointStore(Store).SaveFileAsync(first with { StateSha256 = await CheckpointStore.Sha256Async(merged, ct).ConfigureAwait(false) }, merged, ct).ConfigureAwait(false);
            await Store.PutAsync(Folder + Merged, Encoding.UTF8.GetBytes($"{{\"snapshot\": \"{key}\", \"rows\": {rows}}}\n"), ct).ConfigureAwait(false);
            foreach (var (_, _, partKey) in parts)
            {
                await Store.DeleteAsync(partKey, ct).ConfigureAwait(false);
                await Store.DeleteAsync(partKey[..^".parquet".Length] + ".json", ct).ConfigureAwait(false);
            }
            await RemoveOldRoundsAsync(ct).ConfigureAwait(false);
            return (key, rows);
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
    }

    /// <summary>How long other rounds' files of the same snapshot are kept: a round still running is younger than that.</summary>
    public static readonly TimeSpan RoundsKept = TimeSpan.FromDays(1);

    /// <summary>
    /// Deletes what other rounds of this snapshot left (parts of a round that failed or was superseded, markers of merged ones)
    /// once older than <see cref="RoundsKept"/>, so that the lake's state does not grow by a round per night.
    /// </summary>
    private async Task RemoveOldRoundsAsync(CancellationToken ct)
    {
        var times = Folder[..Folder.LastIndexOf("round=", StringComparison.Ordinal)];
        var old = new List<string>();
        await foreach (var o in Store.ListAsync(times, ct).ConfigureAwait(false))
        {
            if (!o.Key.StartsWith(Folder, StringComparison.Ordinal) && o.Modified is { } m && DateTime.UtcNow - m > RoundsKept) old.Add(o.Key);
        }
        foreach (var k in old) await Store.DeleteAsync(k, ct).ConfigureAwait(false);
    }

    private async Task<bool> MatchesAsync(string key, string sha256, CancellationToken ct)
    {
        try
        {
            await using var input = await Store.OpenReadAsync(key, ct).ConfigureAwait(false);
            return Convert.ToHexStringLower(await SHA256.HashDataAsync(input, ct).ConfigureAwait(false)) == sha256;
        }
        catch (FileNotFoundException)
        {
            return false;
        }
    }

    /// <summary>
    /// The parts whose record is stored; with <paramref name="verify"/>, only those whose part matches its record's hash, or with
    /// <paramref name="keepUnverified"/> also the others, with a null record.
    /// </summary>
    private async Task<List<(int Index, Checkpoint Record, string PartKey)>> ReadPartsAsync(bool verify, CancellationToken ct, bool keepUnverified = false)
    {
        var found = new List<(int, Checkpoint, string)>();
        for (var i = 0; i < Shards; i++)
        {
            var stem = Folder + new KeyShard(i, Shards).FileStem;
            if (await Store.ReadAsync(stem + ".json", ct).ConfigureAwait(false) is not { } json || CheckpointStore.Deserialize(json) is not { } record) continue;
            if (verify && !await MatchesAsync(stem + ".parquet", record.StateSha256, ct).ConfigureAwait(false))
            {
                if (keepUnverified) found.Add((i, null!, stem + ".parquet"));
                continue;
            }
            found.Add((i, record, stem + ".parquet"));
        }
        return found;
    }
}

using System.Security.Cryptography;
using System.Text.Json;
using Lake.Projections.Reading;
using Lake.Projections.Rebuild;
using Lake.Projections.Sharding;
using Lake.Storage;

namespace Lake.Projections.Snapshots;

/// <summary>
/// Stores checkpoints in the lake and finds one a rebuild can start from. A checkpoint C built for as-of T and known-at K (K = all
/// recorded, when none was given) over files F holds the events E_C = {e in F : occurred_at &lt;= T, recorded_at &lt;= K}. A rebuild
/// for (T2 &gt;= T, K2) may start from C only if E_C equals the events it would fold up to T, i.e. {e in lake now : occurred_at &lt;= T,
/// recorded_at &lt;= K2}. Lake files are immutable, so this holds when, and only when:
/// (1) the fingerprint (catalog + definition + engine) is the same and every file of F is still committed;
/// (2) no file committed since (dt &lt;= day of T, not in F) has an event with occurred_at &lt;= T and recorded_at &lt;= K2 (a late event);
/// (3) if K2 &lt; K: every event of E_C has recorded_at &lt;= K2 (C's greatest recorded_at &lt;= K2);
///     if K2 &gt; K: no event of F has occurred_at &lt;= T and K &lt; recorded_at &lt;= K2.
/// (2) and (3) read only the occurred_at and recorded_at columns of the files concerned. The candidate with the latest T that passes wins.
/// </summary>
public sealed class CheckpointStore(ILakeStore store)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public ILakeStore Store { get; } = store;

    /// <summary>Stores the state (<paramref name="snapshot"/>, the result's snapshot bytes when already written) and its record; returns the checkpoint's folder key.</summary>
    public Task<string> SaveAsync(RebuildResult result, byte[]? snapshot = null, CancellationToken ct = default)
    {
        if (!result.Request.Shard.IsAll) throw new InvalidOperationException($"a rebuild of shard {result.Request.Shard} holds part of the keys; only a whole state is a checkpoint");
        var state = snapshot ?? result.SnapshotBytes();
        return SaveAsync(Describe(result, state), state, ct);
    }

    /// <summary>Stores a state file and the record describing it (whose <see cref="Checkpoint.StateSha256"/> must be the file's).</summary>
    public async Task<string> SaveAsync(Checkpoint checkpoint, byte[] state, CancellationToken ct = default)
    {
        if (Convert.ToHexStringLower(SHA256.HashData(state)) != checkpoint.StateSha256) throw new ArgumentException("the state file is not the one the checkpoint record names", nameof(state));
        var folder = SnapshotPaths.CheckpointFolder(checkpoint.Projection, checkpoint.Fingerprint, checkpoint.AsOf, checkpoint.KnownAt);
        // The state first, then the record that names its hash: a crash between the two leaves a record that no longer matches, which is skipped.
        await Store.PutAsync(folder + SnapshotPaths.StateFile, state, ct).ConfigureAwait(false);
        await Store.PutAsync(folder + SnapshotPaths.CheckpointFile, Serialize(checkpoint), ct).ConfigureAwait(false);
        return folder;
    }

    /// <summary>As <see cref="SaveAsync(Checkpoint, byte[], CancellationToken)"/>, from a local state file, streamed.</summary>
    public async Task<string> SaveFileAsync(Checkpoint checkpoint, string stateFile, CancellationToken ct = default)
    {
        if (await Sha256Async(stateFile, ct).ConfigureAwait(false) != checkpoint.StateSha256) throw new ArgumentException("the state file is not the one the checkpoint record names", nameof(stateFile));
        var folder = SnapshotPaths.CheckpointFolder(checkpoint.Projection, checkpoint.Fingerprint, checkpoint.AsOf, checkpoint.KnownAt);
        await UploadAsync(Store, folder + SnapshotPaths.StateFile, stateFile, ct).ConfigureAwait(false);
        await Store.PutAsync(folder + SnapshotPaths.CheckpointFile, Serialize(checkpoint), ct).ConfigureAwait(false);
        return folder;
    }

    /// <summary>The SHA-256 of a local file, lower-case hex.</summary>
    public static async Task<string> Sha256Async(string path, CancellationToken ct = default)
    {
        await using var input = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(input, ct).ConfigureAwait(false));
    }

    /// <summary>Streams a local file into the store under <paramref name="key"/>.</summary>
    public static async Task UploadAsync(ILakeStore store, string key, string path, CancellationToken ct = default)
    {
        await using var writer = await store.CreateAsync(key, ct).ConfigureAwait(false);
        await using (var input = File.OpenRead(path)) await input.CopyToAsync(writer, ct).ConfigureAwait(false);
        await writer.CompleteAsync(ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes a rebuild's snapshot to the store under <paramref name="key"/> through a local temporary file (never whole in memory)
    /// and, with <paramref name="checkpoint"/>, stores the same file as a checkpoint; returns the checkpoint's folder, or null.
    /// </summary>
    public async Task<string?> StoreSnapshotAsync(RebuildResult result, string key, bool checkpoint, CancellationToken ct = default)
    {
        if (checkpoint && !result.Request.Shard.IsAll) throw new InvalidOperationException($"a rebuild of shard {result.Request.Shard} holds part of the keys; only a whole state is a checkpoint");
        var temp = Path.Combine(Path.GetTempPath(), "lake-snapshot-" + Guid.NewGuid().ToString("N") + ".parquet");
        try
        {
            result.WriteSnapshotFile(temp);
            await UploadAsync(Store, key, temp, ct).ConfigureAwait(false);
            if (!checkpoint) return null;
            var record = Describe(result, await Sha256Async(temp, ct).ConfigureAwait(false));
            return await SaveFileAsync(record, temp, ct).ConfigureAwait(false);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>The record of a rebuild's result, for its state file <paramref name="state"/> (a shard's part, or the whole state).</summary>
    public static Checkpoint Describe(RebuildResult result, byte[] state) => Describe(result, Convert.ToHexStringLower(SHA256.HashData(state)));

    /// <summary>The record of a rebuild's result whose state file has SHA-256 <paramref name="stateSha256"/>.</summary>
    public static Checkpoint Describe(RebuildResult result, string stateSha256) => new()
    {
        Projection = result.Projection.Name,
        Fingerprint = result.Projection.Fingerprint,
        AsOf = result.Request.AsOf,
        KnownAt = result.Request.KnownAt,
        MaxRecordedAt = result.MaxRecordedAt,
        EventsApplied = result.EventsApplied,
        Files = result.Files,
        StateSha256 = stateSha256,
        Lookups = result.Lookups.ToDictionary(kv => kv.Key, kv => new Dictionary<string, string>(kv.Value.OrderBy(x => x.Key, StringComparer.Ordinal))),
    };

    public static byte[] Serialize(Checkpoint checkpoint) => JsonSerializer.SerializeToUtf8Bytes(checkpoint, Json);

    /// <summary>A stored record, or null when it is not one (a torn or foreign file).</summary>
    public static Checkpoint? Deserialize(byte[] bytes)
    {
        try { return JsonSerializer.Deserialize<Checkpoint>(bytes, Json); }
        catch (JsonException) { return null; }
    }

    /// <summary>Every checkpoint recorded for this definition.</summary>
    public async Task<IReadOnlyList<(string Folder, Checkpoint Checkpoint)>> ListAsync(LoadedProjection projection, CancellationToken ct = default)
    {
        var found = new List<(string, Checkpoint)>();
        await foreach (var o in Store.ListAsync(SnapshotPaths.CheckpointsOf(projection.Name, projection.Fingerprint), ct).ConfigureAwait(false))
        {
            if (!o.Key.EndsWith("/" + SnapshotPaths.CheckpointFile, StringComparison.Ordinal)) continue;
            var bytes = await Store.ReadAsync(o.Key, ct).ConfigureAwait(false);
            if (bytes is null) continue;
            if (Deserialize(bytes) is { } c && c.Fingerprint == projection.Fingerprint) found.Add((o.Key[..^SnapshotPaths.CheckpointFile.Length], c));
        }
        return found;
    }

    /// <summary>The latest checkpoint that is provably equivalent for <paramref name="request"/>, with its state file; null when none is.</summary>
    public async Task<(Checkpoint Checkpoint, byte[] State)?> FindReusableAsync(LoadedProjection projection, IReadOnlyList<EventFile> files, RebuildRequest request, CancellationToken ct = default)
    {
        var reader = new LakeEventReader(Store);
        var candidates = (await ListAsync(projection, ct).ConfigureAwait(false)).Where(c => c.Checkpoint.AsOf <= request.AsOf).OrderByDescending(c => c.Checkpoint.AsOf);
        foreach (var (folder, c) in candidates)
        {
            if (!await IsEquivalentAsync(reader, c, files, request, ct).ConfigureAwait(false)) continue;
            var state = await Store.ReadAsync(folder + SnapshotPaths.StateFile, ct).ConfigureAwait(false);
            if (state is null || Convert.ToHexStringLower(SHA256.HashData(state)) != c.StateSha256) continue;
            return (c, state);
        }
        return null;
    }

    /// <summary>A checkpoint's state (the rows of <paramref name="shard"/>, every lookup), to fold on from.</summary>
    public async Task<ProjectionState> LoadAsync(LoadedProjection projection, Checkpoint c, byte[] state, KeyShard shard, CancellationToken ct = default, Action<ProjectionState>? afterRow = null)
    {
        var loaded = await SnapshotFile.ReadStateAsync(projection.Projection, state, shard, ct, afterRow).ConfigureAwait(false);
        foreach (var (name, map) in c.Lookups)
        {
            var target = loaded.Lookup(name);
            foreach (var (k, v) in map) target[k] = v;
        }
        return loaded;
    }

    private static async Task<bool> IsEquivalentAsync(LakeEventReader reader, Checkpoint c, IReadOnlyList<EventFile> files, RebuildRequest request, CancellationToken ct)
    {
        var t = c.AsOf.Ticks;
        var day = DateOnly.FromDateTime(c.AsOf);
        var now = files.Where(f => f.Dt <= day).ToList();
        var old = c.Files.ToHashSet(StringComparer.Ordinal);
        if (!old.SetEquals(now.Select(f => f.Key).Where(old.Contains)) || now.Count(f => old.Contains(f.Key)) != old.Count) return false;
        var k = c.KnownAt?.Ticks ?? long.MaxValue;
        var k2 = request.KnownAt?.Ticks ?? long.MaxValue;
        // (2) files committed since the checkpoint must hold nothing it would have folded under K2.
        if (await reader.AnyAsync(now.Where(f => !old.Contains(f.Key)), (occ, rec) => occ <= t && rec <= k2, ct).ConfigureAwait(false)) return false;
        if (k2 < k) return c.MaxRecordedAt is null || c.MaxRecordedAt.Value.Ticks <= k2;
        if (k2 > k) return !await reader.AnyAsync(now.Where(f => old.Contains(f.Key)), (occ, rec) => occ <= t && rec > k && rec <= k2, ct).ConfigureAwait(false);
        return true;
    }
}

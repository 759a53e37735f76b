using Lake.Storage;

namespace Lake.Ingest;

/// <summary>
/// Copies a lake's committed data files into a local folder, for readers that only read local files (DuckDB here has no
/// httpfs). Only files a valid commit lists are copied, since on S3 uncommitted files sit under final keys; each copy is checked
/// against the SHA-256 its commit recorded. Files already present with the committed size are kept: a key is written once, under
/// one claim, so its content never changes. Local files no commit lists are removed.
/// </summary>
public static class LakeMirror
{
    /// <summary>Copies the committed files whose path <paramref name="include"/> accepts (all when null) into <paramref name="folder"/>; other committed files already there are kept.</summary>
    public static async Task<MirrorResult> SyncAsync(ILakeStore store, string folder, Func<string, bool>? include = null, IProgress<MirrorResult>? progress = null, int parallel = 4, CancellationToken ct = default)
    {
        // The lake's live files: committed ones, with compactions and replays applied.
        var all = (await LakeContents.ReadAsync(store, ct).ConfigureAwait(false)).Live.Values
            .ToDictionary(f => f.Path, StringComparer.Ordinal);
        var committed = all.Values.Where(f => include?.Invoke(f.Path) ?? true).ToDictionary(f => f.Path, StringComparer.Ordinal);
        var local = new LocalFolderStore(folder);
        var result = new MirrorResult { Files = committed.Count, Bytes = committed.Values.Sum(f => f.Bytes) };
        foreach (var zone in LakePaths.DataZones)
        {
            await foreach (var o in local.ListAsync(zone + "/", ct).ConfigureAwait(false))
            {
                // Files of views not asked for stay as they are, as long as a commit still lists them.
                if (all.TryGetValue(o.Key, out var f) && f.Bytes == o.Size)
                {
                    if (committed.ContainsKey(o.Key)) result.Present++;
                    continue;
                }
                await local.DeleteAsync(o.Key, ct).ConfigureAwait(false);
                result.Removed++;
            }
        }
        var missing = new List<CommittedFile>();
        foreach (var f in committed.Values.OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            if (await local.StatAsync(f.Path, ct).ConfigureAwait(false) is { } o && o.Size == f.Bytes) continue;
            missing.Add(f);
        }
        progress?.Report(result);
        var gate = new Lock();
        await Parallel.ForEachAsync(missing, new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = ct }, async (f, c) =>
        {
            await using (var source = await store.OpenReadAsync(f.Path, c).ConfigureAwait(false))
            await using (var target = await local.CreateAsync(f.Path, c).ConfigureAwait(false))
            {
                await source.CopyToAsync(target, c).ConfigureAwait(false);
                var written = await target.CompleteAsync(c).ConfigureAwait(false);
                if (written.Sha256 != f.Sha256)
                {
                    await local.DeleteAsync(f.Path, c).ConfigureAwait(false);
                    throw new IOException($"{store.Location}/{f.Path}: the content read differs from what was committed (SHA-256); run lake verify on the lake");
                }
            }
            lock (gate)
            {
                result.Fetched++;
                result.FetchedBytes += f.Bytes;
                progress?.Report(result);
            }
        }).ConfigureAwait(false);
        return result;
    }
}

using Lake.Ingest;
using Lake.Storage;

namespace Lake.Maintenance;

/// <summary>Finishes or undoes interrupted rewrites before a new one: replaced inputs still present, outputs no applied rewrite lists.</summary>
internal static class RewriteCleanup
{
    /// <summary>
    /// Deletes files replaced by applied rewrites and files named with one of <paramref name="outputPrefixes"/> that are not live
    /// (outputs of a void rewrite, or of one that crashed before its record), then the void records. One rewriter per lake at a time.
    /// </summary>
    public static async Task<int> CleanAsync(ILakeStore store, LakeContents contents, IReadOnlyList<string> outputPrefixes, CancellationToken ct)
    {
        var cleaned = 0;
        foreach (var zone in LakePaths.DataZones)
        {
            await foreach (var o in store.ListAsync(zone + "/", ct).ConfigureAwait(false))
            {
                var name = o.Key[(o.Key.LastIndexOf('/') + 1)..];
                var replaced = contents.Replaced.Contains(o.Key);
                var orphan = outputPrefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal)) && !contents.Live.ContainsKey(o.Key);
                if (!replaced && !orphan) continue;
                await store.DeleteAsync(o.Key, ct).ConfigureAwait(false);
                cleaned++;
            }
        }
        var log = new RewriteLog(store);
        foreach (var r in contents.Void) await log.DeleteAsync(r, ct).ConfigureAwait(false);
        return cleaned;
    }

    /// <summary>The output name prefixes of every kind of rewrite.</summary>
    public static readonly string[] OutputPrefixes = [LakeCompactor.OutputPrefix, LakeReplayer.OutputPrefix];
}

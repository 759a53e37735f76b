using Lake.Storage;

namespace Lake.Ingest;

/// <summary>
/// Brings source partitions to their committed state before a writer resumes them: committed files still under their staged
/// key are renamed into place (roll forward); files no valid record lists (a batch that never committed, a fenced writer's
/// work) and invalid records are deleted.
/// </summary>
public static class LakeRecovery
{
    /// <summary>Recovers the given source partitions (all of them when null); one listing of the data zones serves them all.</summary>
    public static async Task<RecoveryResult> RecoverAsync(CommitLog log, IReadOnlyCollection<PartitionHistory> histories, bool allPartitions = false, CancellationToken ct = default)
    {
        var store = log.Store;
        var result = new RecoveryResult();
        var scope = histories.ToDictionary(h => (h.Source, h.Partition));
        var referenced = new HashSet<string>(StringComparer.Ordinal);
        foreach (var h in histories)
        {
            foreach (var f in h.Valid.SelectMany(r => r.Files))
            {
                referenced.Add(f.Path);
                if (f.StagedAs is null || await store.StatAsync(f.Path, ct).ConfigureAwait(false) is not null) continue;
                if (await store.StatAsync(f.StagedAs, ct).ConfigureAwait(false) is not { } staged) continue;
                if (staged.Size != f.Bytes)
                {
                    // Not the file the record lists: not rolled forward (verify reports the committed file missing) nor deleted.
                    referenced.Add(f.StagedAs);
                    continue;
                }
                await store.RenameAsync(f.StagedAs, f.Path, ct).ConfigureAwait(false);
                result.RolledForward++;
            }
        }
        foreach (var zone in LakePaths.DataZones)
        {
            await foreach (var o in store.ListAsync(zone + "/", ct).ConfigureAwait(false))
            {
                if (referenced.Contains(o.Key)) continue;
                var owner = LakePaths.WrittenFor(o.Key);
                var hidden = o.Key[(o.Key.LastIndexOf('/') + 1)..].StartsWith('.') && o.Key.EndsWith(LakePaths.InProgressSuffix, StringComparison.Ordinal);
                var inScope = owner is { } p ? scope.ContainsKey(p) || allPartitions : allPartitions && hidden;
                if (!inScope) continue;
                await store.DeleteAsync(o.Key, ct).ConfigureAwait(false);
                result.Removed.Add(o.Key);
            }
        }
        foreach (var r in histories.SelectMany(h => h.Invalid))
        {
            await log.DeleteAsync(r, ct).ConfigureAwait(false);
            result.InvalidRecordsRemoved++;
        }
        return result;
    }

    /// <summary>Recovers every source partition of a lake in a local folder; only safe while no other writer is active.</summary>
    public static (int RolledForward, int Removed) Run(string lakeRoot)
    {
        var log = new CommitLog(new LocalFolderStore(lakeRoot));
        var result = RecoverAsync(log, log.ReadAllAsync().GetAwaiter().GetResult().ToList(), allPartitions: true).GetAwaiter().GetResult();
        return (result.RolledForward, result.Removed.Count);
    }
}

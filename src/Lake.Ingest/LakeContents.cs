using Lake.Storage;

namespace Lake.Ingest;

/// <summary>
/// The files that make up a lake: those listed by valid commit records, with valid rewrites applied in sequence. A rewrite is
/// valid when each of its inputs is live with the hash it recorded; otherwise it is void and its outputs are not part of the lake.
/// </summary>
public sealed class LakeContents
{
    private LakeContents(IReadOnlyList<PartitionHistory> histories, SortedDictionary<string, CommittedFile> live,
        List<RewriteRecord> applied, List<RewriteRecord> voided, HashSet<string> replaced)
    {
        Histories = histories;
        Live = live;
        Applied = applied;
        Void = voided;
        Replaced = replaced;
    }

    public IReadOnlyList<PartitionHistory> Histories { get; }
    /// <summary>Live files by key, in ordinal key order.</summary>
    public IReadOnlyDictionary<string, CommittedFile> Live { get; }
    public IReadOnlyList<RewriteRecord> Applied { get; }
    public IReadOnlyList<RewriteRecord> Void { get; }
    /// <summary>Keys replaced by applied rewrites: they should no longer exist (a crash can leave them until the next cleanup).</summary>
    public IReadOnlySet<string> Replaced { get; }

    public static async Task<LakeContents> ReadAsync(ILakeStore store, CancellationToken ct = default)
    {
        var histories = await new CommitLog(store).ReadAllAsync(ct).ConfigureAwait(false);
        var live = new SortedDictionary<string, CommittedFile>(StringComparer.Ordinal);
        foreach (var f in histories.SelectMany(h => h.Valid).SelectMany(r => r.Files)) live[f.Path] = f;
        var applied = new List<RewriteRecord>();
        var voided = new List<RewriteRecord>();
        var replaced = new HashSet<string>(StringComparer.Ordinal);
        foreach (var r in await new RewriteLog(store).ReadAllAsync(ct).ConfigureAwait(false))
        {
            // No inputs is valid: a replay can add rows for records that had none (an event a fixed upcaster no longer drops).
            if (!r.Inputs.All(i => live.TryGetValue(i.Path, out var f) && f.Sha256 == i.Sha256))
            {
                voided.Add(r);
                continue;
            }
            foreach (var i in r.Inputs)
            {
                live.Remove(i.Path);
                replaced.Add(i.Path);
            }
            foreach (var o in r.Outputs)
            {
                live[o.Path] = o;
                replaced.Remove(o.Path);
            }
            applied.Add(r);
        }
        return new LakeContents(histories, live, applied, voided, replaced);
    }

    /// <summary>The next rewrite sequence number.</summary>
    public long NextSequence => Applied.Concat(Void).Select(r => r.Sequence).DefaultIfEmpty(0).Max() + 1;
}

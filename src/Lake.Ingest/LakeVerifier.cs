using System.Security.Cryptography;
using Lake.Storage;

namespace Lake.Ingest;

/// <summary>
/// Checks a lake against its commit log: per source partition, valid committed offset ranges are contiguous from where the
/// history starts (no gap, no overlap); every committed file exists with the size and SHA-256 recorded; no data file is
/// visible that no valid commit lists. With repair, leftovers are removed (only safe while no ingest is writing).
/// </summary>
public static class LakeVerifier
{
    public static VerifyReport Verify(string lakeRoot, bool repair = false)
    {
        if (!Directory.Exists(lakeRoot)) throw new IngestException($"lake '{lakeRoot}' does not exist");
        return VerifyAsync(new LocalFolderStore(lakeRoot), repair).GetAwaiter().GetResult();
    }

    public static async Task<VerifyReport> VerifyAsync(ILakeStore store, bool repair = false, CancellationToken ct = default)
    {
        var report = new VerifyReport();
        var log = new CommitLog(store);
        var contents = await LakeContents.ReadAsync(store, ct).ConfigureAwait(false);
        var histories = contents.Histories;
        foreach (var h in histories)
        {
            report.SourcePartitions++;
            var next = h.Start;
            foreach (var r in h.Valid)
            {
                if (r.FirstOffset > next) report.Violations.Add($"source {h.Source} partition {h.Partition}: offsets {next}..{r.FirstOffset - 1} were never committed (a gap)");
                if (r.FirstOffset < next) report.Violations.Add($"source {h.Source} partition {h.Partition}: offsets {r.FirstOffset}..{Math.Min(next - 1, r.LastOffset)} are committed twice (an overlap)");
                next = Math.Max(next, r.LastOffset + 1);
            }
            report.CommittedRecords += next - h.Start;
            foreach (var r in h.Invalid)
            {
                var message = $"source {h.Source} partition {h.Partition}: commit {r.FirstOffset}..{r.LastOffset} of writer {r.Writer} (epoch {r.Epoch}) was fenced by a newer claim and is not part of the lake";
                if (repair) report.Repaired.Add(CommitLog.RecordKey(r));
                else report.Uncommitted.Add(message);
            }
        }
        foreach (var r in contents.Void)
        {
            if (repair) report.Repaired.Add(RewriteLog.RecordKey(r));
            else report.Uncommitted.Add($"rewrite {r.Sequence} ({r.Kind} of {r.Directory}) is void: one of its inputs changed or vanished before it applied");
        }
        var listed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in contents.Live.Values)
        {
            listed.Add(file.Path);
            report.CommittedFiles++;
            var stat = await store.StatAsync(file.Path, ct).ConfigureAwait(false);
            if (stat is null)
            {
                var staged = file.StagedAs is not null && await store.StatAsync(file.StagedAs, ct).ConfigureAwait(false) is not null;
                report.Violations.Add($"{file.Path}: committed ({file.Rows} rows) but missing" + (staged ? "; its staged copy exists: run an ingest (recovery rolls it forward)" : ""));
                continue;
            }
            if (stat.Value.Size != file.Bytes)
            {
                report.Violations.Add($"{file.Path}: {stat.Value.Size} bytes, but {file.Bytes} were committed");
                continue;
            }
            await using var stream = await store.OpenReadAsync(file.Path, ct).ConfigureAwait(false);
            if (Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct).ConfigureAwait(false)) != file.Sha256)
                report.Violations.Add($"{file.Path}: content differs from what was committed (SHA-256)");
        }
        foreach (var zone in LakePaths.DataZones)
        {
            await foreach (var o in store.ListAsync(zone + "/", ct).ConfigureAwait(false))
            {
                if (listed.Contains(o.Key)) continue;
                var name = o.Key[(o.Key.LastIndexOf('/') + 1)..];
                var hidden = name.StartsWith('.');
                if (repair)
                {
                    await store.DeleteAsync(o.Key, ct).ConfigureAwait(false);
                    report.Repaired.Add(o.Key);
                }
                else if (hidden) report.Uncommitted.Add(o.Key);
                else if (contents.Replaced.Contains(o.Key)) report.Violations.Add($"{o.Key}: replaced by a rewrite but still present, so readers see its rows twice (an interrupted compaction or replay: lake compact or lake verify --repair removes it)");
                else report.Violations.Add($"{o.Key}: visible to readers but no commit lists it (run lake verify --repair to remove it)");
            }
        }
        if (repair)
        {
            foreach (var r in histories.SelectMany(h => h.Invalid)) await log.DeleteAsync(r, ct).ConfigureAwait(false);
            foreach (var r in contents.Void) await new RewriteLog(store).DeleteAsync(r, ct).ConfigureAwait(false);
        }
        return report;
    }
}

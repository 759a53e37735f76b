using System.Security.Cryptography;

namespace Lake.Ingest;

/// <summary>
/// Checks a lake against its commit log: per source partition, committed offset ranges are contiguous from 0 (no gap, no
/// overlap); every committed file exists with the size and SHA-256 recorded; no Parquet file is visible that no commit lists.
/// </summary>
public static class LakeVerifier
{
    public static VerifyReport Verify(string lakeRoot, bool repair = false)
    {
        var root = Path.GetFullPath(lakeRoot);
        if (!Directory.Exists(root)) throw new IngestException($"lake '{lakeRoot}' does not exist");
        var report = new VerifyReport();
        var records = new CommitLog(root).ReadAll();
        var listed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var group in records.GroupBy(r => (r.Source, r.Partition)))
        {
            report.SourcePartitions++;
            long next = 0;
            foreach (var r in group.OrderBy(r => r.FirstOffset))
            {
                if (r.FirstOffset > next) report.Violations.Add($"source {group.Key.Source} partition {group.Key.Partition}: offsets {next}..{r.FirstOffset - 1} were never committed (a gap)");
                if (r.FirstOffset < next) report.Violations.Add($"source {group.Key.Source} partition {group.Key.Partition}: offsets {r.FirstOffset}..{Math.Min(next - 1, r.LastOffset)} are committed twice (an overlap)");
                next = Math.Max(next, r.LastOffset + 1);
            }
            report.CommittedRecords += next;
        }
        foreach (var file in records.SelectMany(r => r.Files))
        {
            listed.Add(file.Path);
            report.CommittedFiles++;
            var full = Path.Combine(root, file.Path);
            if (!File.Exists(full))
            {
                report.Violations.Add($"{file.Path}: committed ({file.Rows} rows) but missing" + (File.Exists(Path.Combine(root, file.StagedAs)) ? "; its staged copy exists: run an ingest (recovery rolls it forward)" : ""));
                continue;
            }
            if (new FileInfo(full).Length != file.Bytes)
            {
                report.Violations.Add($"{file.Path}: {new FileInfo(full).Length} bytes, but {file.Bytes} were committed");
                continue;
            }
            using var stream = File.OpenRead(full);
            if (Convert.ToHexStringLower(SHA256.HashData(stream)) != file.Sha256) report.Violations.Add($"{file.Path}: content differs from what was committed (SHA-256)");
        }
        foreach (var zone in new[] { LakePaths.Events, LakePaths.Raw, LakePaths.Quarantine })
        {
            var dir = Path.Combine(root, zone);
            if (!Directory.Exists(dir)) continue;
            foreach (var full in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                var relative = Path.GetRelativePath(root, full).Replace(Path.DirectorySeparatorChar, '/');
                if (listed.Contains(relative)) continue;
                var staged = Path.GetFileName(full).EndsWith(LakePaths.InProgressSuffix, StringComparison.Ordinal);
                if (repair)
                {
                    File.Delete(full);
                    report.Repaired.Add(relative);
                }
                else if (staged) report.Uncommitted.Add(relative);
                else report.Violations.Add($"{relative}: visible to readers but no commit lists it (run lake verify --repair to remove it)");
            }
        }
        return report;
    }
}

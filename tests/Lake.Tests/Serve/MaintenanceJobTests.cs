using Lake.Ingest;
using Lake.Tests.Cli;
using Lake.Tests.Lake;

namespace Lake.Tests.Serve;

/// <summary>The maintenance jobs run through the job runner (here inline, as <c>lake jobs enqueue</c> without storage does).</summary>
public class MaintenanceJobTests
{
    [Fact]
    public void The_compact_replay_and_snapshot_jobs_do_their_work_and_a_second_run_of_each_changes_nothing()
    {
        using var folder = new TempFolder();
        var exports = folder["exports"];
        Directory.CreateDirectory(exports);
        var pipeline = Repo.Pipeline("bank");
        LakeCli.Succeeds("generate", "--pipeline", pipeline, "--events", "3000", "--seed", "5", "--out", Path.Combine(exports, "a.ndjson"));
        File.Copy(Path.Combine(exports, "a.ndjson"), Path.Combine(exports, "b.ndjson"));
        var lake = folder["lake"];
        LakeCli.Succeeds("ingest", "--pipeline", pipeline, "--source", "files:" + exports, "--lake", lake);
        var files = Directory.GetFiles(Path.Combine(lake, "events"), "*.parquet", SearchOption.AllDirectories).Length;
        string Job(params string[] args) => LakeCli.Succeeds(["jobs", "enqueue", .. args, "--pipeline", pipeline, "--lake", lake]);

        const string From = "from=2026-02-01T00:00:00Z", To = "to=2026-02-10T00:00:00Z";
        Job("compact", "--arg", "min_age_minutes=0");
        Assert.True(Directory.GetFiles(Path.Combine(lake, "events"), "*.parquet", SearchOption.AllDirectories).Length < files);
        var compacted = IngestedHistory.FileHashes(lake);
        Job("compact", "--arg", "min_age_minutes=0");
        Assert.Equal(compacted.OrderBy(f => f.Key), IngestedHistory.FileHashes(lake).OrderBy(f => f.Key));

        Job("replay", "--arg", From, "--arg", To, "--arg", "min_age_minutes=0");
        var replayed = IngestedHistory.FileHashes(lake);
        Assert.Contains(replayed.Keys, k => k.StartsWith("_lake/rewrites/", StringComparison.Ordinal) && k.EndsWith("-replay.json", StringComparison.Ordinal));
        Job("replay", "--arg", From, "--arg", To, "--arg", "min_age_minutes=0");
        Assert.Equal(replayed.OrderBy(f => f.Key), IngestedHistory.FileHashes(lake).OrderBy(f => f.Key));

        Job("snapshot", "--arg", "projection=account_balance", "--arg", "as_of=2026-03-01T00:00:00Z");
        var once = IngestedHistory.FileHashes(lake);
        Assert.Contains(once.Keys, k => k.Replace('\\', '/').StartsWith("snapshots/projection=account_balance/as_of=20260301T000000Z/", StringComparison.Ordinal));
        Assert.True(LakeVerifier.Verify(lake).IsClean);
    }
}

using Hangfire;
using Lake.Pipelines;
using Lake.Projections.Snapshots;
using Lake.Serve.Jobs;
using Lake.Storage;
using Lake.Tests.Cli;

namespace Lake.Tests.Serve;

/// <summary><c>snapshot shards=n</c>: key-hash shards run as separate jobs on whichever servers are free, merged into the snapshot a single rebuild writes.</summary>
[Collection(ServeCollection.Name)]
public class ShardedSnapshotJobTests
{
    private const string AsOf = "2026-03-15T00:00:00Z";

    private static (string Pipeline, string Lake, byte[] Expected) BankLake(TempFolder folder)
    {
        var pipeline = Repo.Pipeline("bank");
        var input = folder["bank.ndjson"];
        LakeCli.Succeeds("generate", "--pipeline", pipeline, "--events", "20000", "--seed", "9", "--out", input);
        var lake = folder["lake"];
        LakeCli.Succeeds("ingest", "--pipeline", pipeline, "--source", "files:" + input, "--lake", lake);
        LakeCli.Succeeds("rebuild", "--pipeline", pipeline, "--projection", "account_balance", "--as-of", AsOf, "--lake", lake, "--full-replay", "--out", folder["expected"]);
        return (pipeline, lake, File.ReadAllBytes(Path.Combine(folder["expected"], SnapshotPaths.FileName)));
    }

    private static string SnapshotOf(string lake) =>
        Path.Combine(lake, SnapshotPaths.Snapshot("account_balance", DateTime.Parse(AsOf, null, System.Globalization.DateTimeStyles.AdjustToUniversal), null));

    [Fact]
    public void Inline_a_sharded_snapshot_runs_its_shards_in_turn_and_writes_the_single_rebuilds_file()
    {
        using var folder = new TempFolder();
        var (pipeline, lake, expected) = BankLake(folder);
        var output = LakeCli.Succeeds("jobs", "enqueue", "snapshot", "--arg", "projection=account_balance", "--arg", "as_of=" + AsOf, "--arg", "shards=3", "--pipeline", pipeline, "--lake", lake);

        Assert.Contains("in 3 shards", output);
        Assert.Equal(expected, File.ReadAllBytes(SnapshotOf(lake)));

        // Inline, a job that fails says so in a line (exit 1), as a server would record it, not with a stack trace.
        var merge = LakeCli.InProcess("jobs", "enqueue", "snapshot-merge", "--arg", "projection=account_balance", "--arg", "as_of=" + AsOf, "--arg", "shards=2",
            "--arg", "round=none", "--pipeline", pipeline, "--lake", lake);
        Assert.Equal(1, merge.ExitCode);
        Assert.StartsWith("lake: job snapshot-merge failed: round none of account_balance: 0 of 2 parts after 1 checks; missing shards 0, 1", merge.Err.Trim());
    }

    [Fact]
    public async Task Two_servers_on_postgresql_share_the_shard_jobs_and_the_merge_writes_the_single_rebuilds_file_and_a_checkpoint()
    {
        using var folder = new TempFolder();
        using var postgres = new ThrowawayPostgres();
        var (pipelineDir, lake, expected) = BankLake(folder);
        var pipeline = PipelineLoader.Load(pipelineDir);
        ServeHost? a = null, b = null;
        try
        {
            // One lake for both servers (a shared folder here; S3 in production): each shard's part must be where the merge looks.
            a = await ServeHost.StartAsync(pipeline, lake, o => o with { Storage = postgres.ConnectionString, Workers = 2, Ingest = false });
            b = await ServeHost.StartAsync(pipeline, lake, o => o with { Storage = postgres.ConnectionString, Workers = 2, Ingest = false });
            var queue = new JobQueue(a.Storage, LakeJobRegistry.Default());
            var id = queue.Enqueue("snapshot", new Dictionary<string, string> { ["projection"] = "account_balance", ["as_of"] = AsOf, ["shards"] = "4" });
            Assert.Equal("Succeeded", a.WaitForJob(id, TimeSpan.FromSeconds(60)));

            // The merge writes the snapshot, then the checkpoint, then deletes the parts: wait for all of it, not the first.
            var checkpoints = Path.Combine(lake, "_lake", "checkpoints");
            var parts = Path.Combine(lake, "_lake", "snapshot-parts");
            ServeTestPipeline.WaitUntil(() => File.Exists(SnapshotOf(lake))
                    && Directory.Exists(checkpoints) && Directory.GetFiles(checkpoints, SnapshotPaths.CheckpointFile, SearchOption.AllDirectories).Length > 0
                    && (!Directory.Exists(parts) || Directory.GetFiles(parts, "part-*", SearchOption.AllDirectories).Length == 0),
                TimeSpan.FromSeconds(120),
                () => "the merge did not finish (snapshot, checkpoint, parts deleted):\n" + string.Join("\n", queue.List(50)) + "\nA:\n" + string.Join("\n", a.Lines) + "\nB:\n" + string.Join("\n", b.Lines));
            Assert.Equal(expected, File.ReadAllBytes(SnapshotOf(lake)));
            Assert.Single(Directory.GetFiles(checkpoints, SnapshotPaths.CheckpointFile, SearchOption.AllDirectories));

            var monitor = a.Storage.GetMonitoringApi();
            var shards = monitor.SucceededJobs(0, 50).Where(j => j.Value.Job?.Args[0] as string == "snapshot-shard").ToList();
            Assert.Equal(4, shards.Count);
            var servers = shards.Select(j => monitor.JobDetails(j.Key).History.First(h => h.StateName == "Processing").Data["ServerId"]).Distinct().Count();
            a.Lines.Concat(b.Lines).Where(l => l.Contains("snapshot", StringComparison.Ordinal)).ToList().ForEach(l => Console.WriteLine(l));
            Console.WriteLine($"the 4 shard jobs ran on {servers} server(s)");
        }
        finally
        {
            if (b is not null) await b.DisposeAsync();
            if (a is not null) await a.DisposeAsync();
        }
    }

    [Fact]
    public void A_merge_that_finds_parts_missing_schedules_itself_again_and_gives_up_after_its_attempts_naming_the_missing_shards()
    {
        using var folder = new TempFolder();
        var (pipelineDir, lake, _) = BankLake(folder);
        var enqueued = new List<(string Job, IReadOnlyDictionary<string, string> Args, TimeSpan Delay)>();
        LakeJobContext Context(Dictionary<string, string> args) => new()
        {
            Pipeline = PipelineLoader.Load(pipelineDir),
            Lake = lake,
            Store = new LocalFolderStore(lake),
            Args = new JobArgs(args),
            Progress = _ => { },
            Enqueue = (job, a, delay) => { enqueued.Add((job, a, delay)); return "42"; },
        };
        var args = new Dictionary<string, string> { ["projection"] = "account_balance", ["as_of"] = AsOf, ["shards"] = "2", ["round"] = "r1", ["recheck"] = "3" };
        new SnapshotShardJob().Run(Context(new(args) { ["shard"] = "1" }), CancellationToken.None);

        var waiting = new SnapshotMergeJob().Run(Context(args), CancellationToken.None);

        Assert.Equal("waiting: 1 of 2 parts stored (missing 0); checks again in 3 s as job 42", waiting);
        var (job, next, delay) = Assert.Single(enqueued);
        Assert.Equal(("snapshot-merge", "2", TimeSpan.FromSeconds(3)), (job, next["attempt"], delay));
        var error = Assert.Throws<InvalidOperationException>(() => new SnapshotMergeJob().Run(Context(new(args) { ["attempt"] = "5", ["max_attempts"] = "5" }), CancellationToken.None));
        Assert.Contains("1 of 2 parts after 5 checks; missing shards 0", error.Message);
        Assert.False(File.Exists(SnapshotOf(lake)));
    }
}

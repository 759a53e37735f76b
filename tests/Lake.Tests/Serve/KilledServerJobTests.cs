using System.Diagnostics;
using System.Globalization;
using Lake.Ingest;
using Lake.Serve;
using Lake.Tests.Cli;
using Lake.Tests.Kafka;

namespace Lake.Tests.Serve;

/// <summary>Two <c>lake serve</c> processes on one PostgreSQL: a job whose server is SIGKILLed mid-run is run again, and finished, by the other.</summary>
[Collection(ServeCollection.Name)]
public class KilledServerJobTests
{
    [Fact]
    public void A_job_running_on_a_killed_server_is_run_again_by_the_other_server_and_the_lake_is_exactly_once()
    {
        using var postgres = new ThrowawayPostgres();
        // Large enough that the backfill is still reading a moment after its first partition commits.
        using var history = new KafkaHistory("bank", 40_000, 102, partitions: 12);
        var lake = history.NewLake("lake");
        // --no-ingest: only the job touches the lake. A short abandoned-job timeout, or the rerun would wait the default 5 minutes.
        string[] Args() =>
            ["serve", "--pipeline", history.Pipeline.Directory, "--lake", lake, "--bootstrap", history.Cluster.BootstrapServers, "--no-ingest",
             "--storage", postgres.ConnectionString, "--urls", "http://127.0.0.1:0", "--poll-interval", "1s", "--abandoned-job-timeout", "5s", "--session-timeout", "6s"];
        var storage = JobStorages.Open(postgres.ConnectionString, TimeSpan.FromSeconds(1));
        string? State(string id)
        {
            using var connection = storage.GetConnection();
            return connection.GetStateData(id)?.Name;
        }
        using var a = LakeProcess.Start(Args());
        LakeProcess? b = null;
        string Logs() => "A:\n" + string.Join("\n", a.Lines) + (b is null ? "" : "\nB:\n" + string.Join("\n", b.Lines));
        try
        {
            Assert.True(a.WaitForLine(l => l.StartsWith("lake: serving", StringComparison.Ordinal), TimeSpan.FromSeconds(60)), Logs());

            var enqueued = LakeCli.Binary("jobs", "enqueue", "kafka-backfill", "--arg", "topics=bank.events", "--storage", postgres.ConnectionString);
            Assert.True(enqueued.ExitCode == 0, enqueued.Err);
            var id = enqueued.Out.Trim();

            // Hangfire names a server "<machine>:<pid>:<suffix>" (LakeServer): the pid tells which process holds the job.
            var onA = $":{a.Id}:";
            ServeTestPipeline.WaitUntil(() => storage.GetMonitoringApi().ProcessingJobs(0, 10).Any(j => j.Key == id && j.Value.ServerId.Contains(onA, StringComparison.Ordinal)),
                TimeSpan.FromSeconds(60), () => $"job {id} did not start on A (state {State(id)}):\n" + Logs());
            // Killed after its first commit, the job leaves committed ranges, claims and staged files behind for the rerun to
            // resume from and clean up. Polled more often than WaitUntil does: the kill lands soon after that commit, long before the last.
            var commits = Path.Combine(lake, LakePaths.State, "commits");
            var deadline = Stopwatch.StartNew();
            while (!(Directory.Exists(commits) && Directory.EnumerateFiles(commits, "*.json", SearchOption.AllDirectories).Any()))
            {
                Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(60), $"job {id} committed nothing on A:\n" + Logs());
                Thread.Sleep(20);
            }
            a.Kill();

            Assert.True(State(id) == "Processing", $"job {id} was {State(id)} when A was killed: the kill must land mid-job (make the history larger):\n" + Logs());
            var heldAtKill = new CommitLog(lake).ReadAll().Sum(r => r.Records);
            Assert.True(heldAtKill < history.Reference.Records, $"the lake held all {history.Reference.Records} records when A was killed: the kill must land mid-job (make the history larger)");

            b = LakeProcess.Start(Args());
            ServeTestPipeline.WaitUntil(() => State(id) is "Succeeded" or "Failed" or "Deleted", TimeSpan.FromMinutes(2), () => $"job {id} was not finished after A's kill (state {State(id)}):\n" + Logs());

            // History lists the newest state first: Succeeded, then the Processing it came from, which must be B's.
            var states = storage.GetMonitoringApi().JobDetails(id).History;
            Assert.True(states[0].StateName == "Succeeded", $"job {id}: {states[0].StateName} {states[0].Reason}:\n" + Logs());
            Assert.Equal("Processing", states[1].StateName);
            Assert.Contains($":{b.Id}:", states[1].Data["ServerId"], StringComparison.Ordinal);
            Assert.Contains(states, s => s.StateName == "Processing" && s.Data["ServerId"].Contains(onA, StringComparison.Ordinal));
            // A "skipped" run also succeeds: the rerun must have read what A left unread.
            Assert.DoesNotContain("skipped", states[0].Data["Result"], StringComparison.Ordinal);
            // B's output is read as it comes: the line may follow the state in PostgreSQL by a moment.
            Assert.True(b.WaitForLine(l => l.Contains($"job {id} kafka-backfill: succeeded", StringComparison.Ordinal), TimeSpan.FromSeconds(30)), Logs());

            history.AssertExactlyOnce(lake);
            // The rerun resumed where the lake's commit log ended: it read only what A had not committed.
            Assert.Contains(string.Format(CultureInfo.InvariantCulture, "{0:N0}", history.Reference.Records - heldAtKill), states[0].Data["Result"], StringComparison.Ordinal);

            // The dead run's lock is still in PostgreSQL (for 10 minutes): a new job of the same arguments must run, not be skipped.
            var again = LakeCli.Binary("jobs", "enqueue", "kafka-backfill", "--arg", "topics=bank.events", "--storage", postgres.ConnectionString).Out.Trim();
            ServeTestPipeline.WaitUntil(() => State(again) is "Succeeded" or "Failed" or "Deleted", TimeSpan.FromMinutes(1), () => $"job {again} did not finish (state {State(again)}):\n" + Logs());
            var result = storage.GetMonitoringApi().JobDetails(again).History[0];
            Assert.True(result.StateName == "Succeeded" && !result.Data["Result"].Contains("skipped", StringComparison.Ordinal), $"job {again}: {result.StateName} {string.Join(", ", result.Data)}:\n" + Logs());
            history.AssertExactlyOnce(lake);
        }
        finally
        {
            b?.Dispose();
        }
    }
}

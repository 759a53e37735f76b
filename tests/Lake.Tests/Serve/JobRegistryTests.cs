using Lake.Serve.Jobs;
using Lake.Tests.Kafka;

namespace Lake.Tests.Serve;

/// <summary>A job added to the registry runs by name under Hangfire: failures are retried with backoff and counted, bad arguments are not retried.</summary>
[Collection(ServeCollection.Name)]
public class JobRegistryTests
{
    /// <summary>Fails its first run, then writes a marker file into the lake: the shape of wiring a library call as a job.</summary>
    private sealed class FlakyJob : ILakeJob
    {
        public int Runs;
        public string Name => "flaky";
        public string Description => "fails once, then writes <lake>/marker-<name>";

        public string Run(LakeJobContext context, CancellationToken ct)
        {
            if (Interlocked.Increment(ref Runs) == 1) throw new IOException("transient");
            context.Progress("writing the marker");
            File.WriteAllText(Path.Combine(context.Lake, "marker-" + context.Args.Require("name", "a")), "done");
            return "marker written";
        }
    }

    [Fact]
    public async Task A_failing_job_is_retried_after_its_backoff_then_succeeds_and_the_failure_is_counted()
    {
        using var history = new KafkaHistory("bank", 10, 93, produce: false);
        var lake = history.NewLake("lake");
        Directory.CreateDirectory(lake);
        var flaky = new FlakyJob();
        await using var host = await ServeHost.StartAsync(history.Pipeline, lake, jobs: LakeJobRegistry.Default().Add(flaky));

        var id = new JobQueue(host.Storage, LakeJobRegistry.Default().Add(new FlakyJob())).Enqueue("flaky", new Dictionary<string, string> { ["name"] = "m1" });

        Assert.Equal("Succeeded", host.WaitForJob(id, TimeSpan.FromSeconds(60)));
        Assert.Equal(2, flaky.Runs);
        Assert.Equal("done", File.ReadAllText(Path.Combine(lake, "marker-m1")));
        Assert.Equal(1, (await host.MetricAsync("lake_job_failures_total"))["job=\"flaky\""]);
        Assert.Equal(1, (await host.MetricAsync("lake_job_duration_seconds_count"))["job=\"flaky\",outcome=\"succeeded\""]);
        using var connection = host.Storage.GetConnection();
        // Job parameters are stored as JSON.
        Assert.Equal("\"writing the marker\"", connection.GetJobParameter(id, "progress"));
        Assert.Equal("1", connection.GetJobParameter(id, "RetryCount"));
    }

    /// <summary>Holds its run until released, counting runs.</summary>
    private sealed class HeldJob(ManualResetEventSlim release) : ILakeJob
    {
        public int Runs;
        public string Name => "held";
        public string Description => "waits until the test releases it";

        public string Run(LakeJobContext context, CancellationToken ct)
        {
            Interlocked.Increment(ref Runs);
            release.Wait(ct);
            return "released";
        }
    }

    [Fact]
    public async Task A_job_enqueued_while_another_run_of_the_same_arguments_is_in_progress_is_skipped_and_other_arguments_run()
    {
        using var history = new KafkaHistory("bank", 10, 96, produce: false);
        using var release = new ManualResetEventSlim();
        var held = new HeldJob(release);
        await using var host = await ServeHost.StartAsync(history.Pipeline, history.NewLake("lake"), o => o with { Workers = 3 }, LakeJobRegistry.Default().Add(held));
        var queue = new JobQueue(host.Storage, LakeJobRegistry.Default().Add(new HeldJob(release)));
        var first = queue.Enqueue("held", new Dictionary<string, string> { ["n"] = "1" });
        ServeTestPipeline.WaitUntil(() => held.Runs == 1, TimeSpan.FromSeconds(30), () => "the first run did not start");

        var same = queue.Enqueue("held", new Dictionary<string, string> { ["n"] = "1" });
        Assert.Equal("Succeeded", host.WaitForJob(same, TimeSpan.FromSeconds(30)));
        var other = queue.Enqueue("held", new Dictionary<string, string> { ["n"] = "2" });
        ServeTestPipeline.WaitUntil(() => held.Runs == 2, TimeSpan.FromSeconds(30), () => "the run of other arguments did not start");
        release.Set();

        Assert.Equal("Succeeded", host.WaitForJob(first, TimeSpan.FromSeconds(30)));
        Assert.Equal("Succeeded", host.WaitForJob(other, TimeSpan.FromSeconds(30)));
        Assert.Contains("skipped", host.Storage.GetMonitoringApi().JobDetails(same).History[0].Data["Result"], StringComparison.Ordinal);
        Assert.Equal(2, held.Runs);
    }

    [Fact]
    public async Task A_job_with_arguments_it_cannot_use_fails_at_once_without_retries()
    {
        using var history = new KafkaHistory("bank", 10, 94, produce: false);
        await using var host = await ServeHost.StartAsync(history.Pipeline, history.NewLake("lake"), o => o with { BootstrapServers = history.Cluster.BootstrapServers, Ingest = false });

        var id = new JobQueue(host.Storage, LakeJobRegistry.Default()).Enqueue("kafka-backfill", new Dictionary<string, string> { ["from"] = "last tuesday" });

        Assert.Equal("Failed", host.WaitForJob(id, TimeSpan.FromSeconds(30)));
        using var connection = host.Storage.GetConnection();
        Assert.Null(connection.GetJobParameter(id, "RetryCount"));
        Assert.Equal(1, (await host.MetricAsync("lake_job_failures_total"))["job=\"kafka-backfill\""]);
    }

    [Fact]
    public void Enqueueing_a_job_no_server_knows_is_refused_with_the_known_names()
    {
        var queue = new JobQueue(global::Lake.Serve.JobStorages.Open("memory", TimeSpan.FromSeconds(1)), LakeJobRegistry.Default());

        var e = Assert.Throws<JobArgumentException>(() => queue.Enqueue("compactt", new Dictionary<string, string>()));

        Assert.Contains("kafka-backfill", e.Message);
    }

    /// <summary>Waits for its token; records that it was cancelled.</summary>
    private sealed class WaitingJob : ILakeJob
    {
        public readonly ManualResetEventSlim Started = new();
        public volatile bool Cancelled;
        public string Name => "wait";
        public string Description => "waits until cancelled";

        public string Run(LakeJobContext context, CancellationToken ct)
        {
            Started.Set();
            try { Task.Delay(TimeSpan.FromMinutes(2), ct).Wait(ct); }
            catch (OperationCanceledException) { Cancelled = true; throw; }
            return "waited";
        }
    }

    [Fact]
    public async Task Deleting_a_running_job_in_the_dashboard_cancels_its_token()
    {
        using var history = new KafkaHistory("bank", 10, 99, produce: false);
        var waiting = new WaitingJob();
        await using var host = await ServeHost.StartAsync(history.Pipeline, history.NewLake("lake"), jobs: LakeJobRegistry.Default().Add(waiting));
        var id = new JobQueue(host.Storage, LakeJobRegistry.Default().Add(new WaitingJob())).Enqueue("wait", new Dictionary<string, string>());
        Assert.True(waiting.Started.Wait(TimeSpan.FromSeconds(30)));

        // What the dashboard's Delete button does.
        Hangfire.BackgroundJobClientExtensions.Delete(new Hangfire.BackgroundJobClient(host.Storage), id);

        ServeTestPipeline.WaitUntil(() => waiting.Cancelled, TimeSpan.FromSeconds(30), () => "the job's token was not cancelled:\n" + string.Join("\n", host.Lines));
        Assert.Equal("Deleted", host.WaitForJob(id, TimeSpan.FromSeconds(5)));
        ServeTestPipeline.WaitUntil(() => host.MetricAsync("lake_job_duration_seconds_count").Result.GetValueOrDefault("job=\"wait\",outcome=\"cancelled\"") == 1,
            TimeSpan.FromSeconds(10), () => string.Join("\n", host.Lines));
    }
}

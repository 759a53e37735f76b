using System.Collections.Concurrent;
using Lake.Serve;
using Lake.Serve.Jobs;
using Lake.Tests.Kafka;

namespace Lake.Tests.Serve;

/// <summary>Servers sharing one PostgreSQL job storage share its work: every enqueued job runs once, on whichever server is free.</summary>
[Collection(ServeCollection.Name)]
public class PostgresStorageTests
{
    /// <summary>Records which server ran which job, and holds its worker until both servers have started one (or the test's deadline).</summary>
    /// <remarks>A fixed 300 ms per job let a loaded run finish all 16 on the first server before the second one polled.</remarks>
    private sealed class CountingJob(string server, ConcurrentBag<(string Server, string N)> runs, DateTime deadline) : ILakeJob
    {
        public string Name => "count";
        public string Description => "n=<id>: records a run";

        public string Run(LakeJobContext context, CancellationToken ct)
        {
            runs.Add((server, context.Args.Require("n", "1")));
            while (runs.Select(r => r.Server).Distinct().Count() < 2 && DateTime.UtcNow < deadline) Task.Delay(50, ct).Wait(ct);
            return "counted";
        }
    }

    [Fact]
    public async Task Two_servers_on_one_postgresql_run_each_enqueued_job_exactly_once_and_both_take_a_share()
    {
        using var postgres = new ThrowawayPostgres();
        using var history = new KafkaHistory("bank", 10, 95, produce: false);
        var runs = new ConcurrentBag<(string Server, string N)>();
        // One deadline for every job: if the second server never takes one, the test fails in 45 s, not 16 times that.
        var deadline = DateTime.UtcNow.AddSeconds(45);
        ServeHost? a = null, b = null;
        try
        {
            a = await ServeHost.StartAsync(history.Pipeline, history.NewLake("a"), o => o with { Storage = postgres.ConnectionString, Workers = 2 }, LakeJobRegistry.Default().Add(new CountingJob("a", runs, deadline)));
            b = await ServeHost.StartAsync(history.Pipeline, history.NewLake("b"), o => o with { Storage = postgres.ConnectionString, Workers = 2 }, LakeJobRegistry.Default().Add(new CountingJob("b", runs, deadline)));
            var client = new JobQueue(JobStorages.Open(postgres.ConnectionString, TimeSpan.FromSeconds(1)), LakeJobRegistry.Default().Add(new CountingJob("client", runs, deadline)));

            var ids = Enumerable.Range(0, 16).Select(n => client.Enqueue("count", new Dictionary<string, string> { ["n"] = n.ToString(System.Globalization.CultureInfo.InvariantCulture) })).ToList();

            Assert.All(ids, id => Assert.Equal("Succeeded", a.WaitForJob(id, TimeSpan.FromSeconds(60))));
            Assert.Equal(Enumerable.Range(0, 16).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)).Order(), runs.Select(r => r.N).Order());
            Assert.Equal(["a", "b"], runs.Select(r => r.Server).Distinct().Order());
            Assert.Contains(client.List(), l => l.StartsWith("succeeded", StringComparison.Ordinal) && l.Contains("count n=7", StringComparison.Ordinal));
        }
        finally
        {
            if (b is not null) await b.DisposeAsync();
            if (a is not null) await a.DisposeAsync();
        }
    }

    /// <summary>On server "a" it waits until cancelled; elsewhere it returns at once. Records who started and who finished.</summary>
    private sealed class HandOverJob(string server, ConcurrentBag<(string Server, string N)> runs, ManualResetEventSlim started) : ILakeJob
    {
        public string Name => "handover";
        public string Description => "waits on server a, finishes elsewhere";

        public string Run(LakeJobContext context, CancellationToken ct)
        {
            runs.Add((server, "started"));
            started.Set();
            if (server == "a") Task.Delay(TimeSpan.FromMinutes(2), ct).Wait(ct);
            runs.Add((server, "finished"));
            return "finished on " + server;
        }
    }

    [Fact]
    public async Task A_job_running_on_a_server_that_shuts_down_is_requeued_and_finished_by_the_other_server()
    {
        using var postgres = new ThrowawayPostgres();
        using var history = new KafkaHistory("bank", 10, 100, produce: false);
        var runs = new ConcurrentBag<(string Server, string N)>();
        var startedOnA = new ManualResetEventSlim();
        var a = await ServeHost.StartAsync(history.Pipeline, history.NewLake("a"), o => o with { Storage = postgres.ConnectionString }, LakeJobRegistry.Default().Add(new HandOverJob("a", runs, startedOnA)));
        ServeHost? b = null;
        try
        {
            var id = new JobQueue(a.Storage, LakeJobRegistry.Default().Add(new HandOverJob("client", runs, new()))).Enqueue("handover", new Dictionary<string, string>());
            Assert.True(startedOnA.Wait(TimeSpan.FromSeconds(30)));
            b = await ServeHost.StartAsync(history.Pipeline, history.NewLake("b"), o => o with { Storage = postgres.ConnectionString }, LakeJobRegistry.Default().Add(new HandOverJob("b", runs, new())));

            await a.DisposeAsync();

            Assert.Equal("Succeeded", b.WaitForJob(id, TimeSpan.FromSeconds(60)));
            Assert.Equal([("a", "started"), ("b", "finished"), ("b", "started")], runs.Order());
            Assert.Contains(a.Lines, l => l.Contains("handover: cancelled", StringComparison.Ordinal));
        }
        finally
        {
            if (b is not null) await b.DisposeAsync();
            await a.DisposeAsync();
        }
    }
}

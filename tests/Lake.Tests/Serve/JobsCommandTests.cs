using Lake.Tests.Cli;
using Lake.Tests.Kafka;

namespace Lake.Tests.Serve;

/// <summary><c>lake jobs</c> enqueues into a server's PostgreSQL storage and lists its jobs, or runs a job inline; <c>lake serve</c> refuses bad schedules.</summary>
[Collection(ServeCollection.Name)]
public class JobsCommandTests
{
    [Fact]
    public async Task A_job_enqueued_with_the_cli_runs_on_the_server_sharing_its_postgresql_and_is_listed_as_succeeded()
    {
        using var postgres = new ThrowawayPostgres();
        using var history = new KafkaHistory("bank", 2000, 97);
        var lake = history.NewLake("lake");
        await using var host = await ServeHost.StartAsync(history.Pipeline, lake,
            o => o with { Storage = postgres.ConnectionString, BootstrapServers = history.Cluster.BootstrapServers, Ingest = false });

        var enqueued = LakeCli.Binary("jobs", "enqueue", "kafka-backfill", "--arg", "topics=bank.events", "--storage", postgres.ConnectionString);

        Assert.True(enqueued.ExitCode == 0, enqueued.Err);
        var id = enqueued.Out.Trim();
        Assert.Equal("Succeeded", host.WaitForJob(id, TimeSpan.FromSeconds(120)));
        var list = LakeCli.Binary("jobs", "list", "--storage", postgres.ConnectionString);
        Assert.Equal(0, list.ExitCode);
        Assert.Matches($@"(?m)^succeeded\s+{id}\s+kafka-backfill topics=bank\.events", list.Out);
        history.AssertExactlyOnce(lake);
    }

    [Fact]
    public void Without_storage_the_job_runs_inline_and_prints_what_it_did()
    {
        using var history = new KafkaHistory("bank", 2000, 98);
        var lake = history.NewLake("lake");

        var run = LakeCli.Binary("jobs", "enqueue", "kafka-backfill", "--pipeline", history.Pipeline.Directory, "--lake", lake, "--bootstrap", history.Cluster.BootstrapServers);

        Assert.True(run.ExitCode == 0, run.Err);
        Assert.StartsWith($"{history.Reference.Records:N0} records read", run.Out.Trim());
        history.AssertExactlyOnce(lake);
    }

    [Fact]
    public void A_schedule_naming_an_unknown_job_stops_lake_serve_from_starting_with_the_known_names()
    {
        using var folder = new TempFolder();
        var pipeline = folder.Copy(Repo.Pipeline("bank"), "bank");
        File.AppendAllText(Path.Combine(pipeline, "pipeline.yaml"), "\nschedules:\n  - { name: nightly, job: compactt, cron: \"5 0 * * *\" }\n");

        var serve = LakeCli.Binary("serve", "--pipeline", pipeline, "--lake", folder["lake"], "--urls", "http://127.0.0.1:0");

        Assert.Equal(2, serve.ExitCode);
        Assert.Contains("schedule 'nightly' in pipeline.yaml: no job named 'compactt'; the jobs are: compact, kafka-backfill, replay, snapshot", serve.Err);
    }
}

using Lake.Serve.Jobs;
using Lake.Tests.Kafka;

namespace Lake.Tests.Serve;

/// <summary>/metrics counts what was done: its values equal the reference ingest of the same history and the files on disk.</summary>
[Collection(ServeCollection.Name)]
public class MetricsTests
{
    [Fact]
    public async Task After_an_enqueued_backfill_metrics_equal_the_events_per_type_and_version_quarantines_and_files_in_the_lake()
    {
        using var history = new KafkaHistory("shop", 4000, 85);
        var lake = history.NewLake("lake");
        await using var host = await ServeHost.StartAsync(history.Pipeline, lake, o => o with { BootstrapServers = history.Cluster.BootstrapServers, Ingest = false });

        var id = new JobQueue(host.Storage, LakeJobRegistry.Default()).Enqueue("kafka-backfill", new Dictionary<string, string>());
        Assert.Equal("Succeeded", host.WaitForJob(id, TimeSpan.FromSeconds(120)));

        var events = await host.MetricAsync("lake_events_in_total");
        var expected = history.Reference.EventsByTypeAndVersion.ToDictionary(
            e => $"type=\"{e.Key.Split(" v")[0]}\",version=\"{e.Key.Split(" v")[1]}\"", e => (double)e.Value);
        Assert.Equal(expected.OrderBy(e => e.Key), events.OrderBy(e => e.Key));
        var quarantined = await host.MetricAsync("lake_quarantined_total");
        Assert.NotEmpty(history.Reference.QuarantinedByReason);
        Assert.Equal(history.Reference.QuarantinedByReason.ToDictionary(q => $"reason=\"{q.Key}\"", q => (double)q.Value).OrderBy(q => q.Key), quarantined.OrderBy(q => q.Key));
        Assert.Equal(history.Reference.Records, (await host.MetricAsync("lake_records_read_total"))[""]);
        var (files, bytes) = ServeTestPipeline.ParquetFiles(lake);
        Assert.Equal(files, (await host.MetricAsync("lake_files_written_total"))[""]);
        Assert.Equal(bytes, (await host.MetricAsync("lake_bytes_written_total"))[""]);
        var commits = (await host.MetricAsync("lake_commits_total"))[""];
        Assert.True(commits >= 1);
        Assert.Equal(commits, (await host.MetricAsync("lake_commit_seconds_count"))[""]);
        Assert.Equal(commits, (await host.MetricAsync("lake_flush_age_seconds_count"))[""]);
        Assert.True((await host.MetricAsync("lake_flush_age_seconds_sum"))[""] > 0, "every committed range waited some time for its commit");
        Assert.Equal(1, (await host.MetricAsync("lake_job_duration_seconds_count"))["job=\"kafka-backfill\",outcome=\"succeeded\""]);
        // The job is over: its partitions' lag series are gone rather than frozen at their last value.
        Assert.Empty(await host.MetricAsync("lake_consumer_lag"));
    }

    [Fact]
    public async Task The_hosted_ingestion_holds_its_open_files_until_shutdown_which_commits_them_exactly_once()
    {
        using var history = new KafkaHistory("bank", 3000, 86);
        var lake = history.NewLake("lake");
        var host = await ServeHost.StartAsync(history.Pipeline, lake, o => o with { BootstrapServers = history.Cluster.BootstrapServers, MaxLatency = TimeSpan.FromMinutes(10) });
        try
        {
            // Every partition consumed to its end (lag 0 on all four), yet nothing committed: the latency bound is 10 minutes.
            ServeTestPipeline.WaitUntil(() => host.MetricAsync("lake_consumer_lag").Result is { Count: 4 } lag && lag.Values.All(v => v == 0),
                TimeSpan.FromSeconds(60), () => "the ingestion did not catch up:\n" + string.Join("\n", host.Lines));
            Assert.Equal(0, (await host.MetricAsync("lake_commits_total"))[""]);
            Assert.Equal("ok\n", await host.Http.GetStringAsync(new Uri(host.Address, "/healthz")));
        }
        finally
        {
            await host.DisposeAsync();
        }
        history.AssertExactlyOnce(lake);
    }
}

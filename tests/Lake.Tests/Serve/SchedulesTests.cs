using Hangfire.Storage;
using Lake.Tests.Cli;
using Lake.Tests.Kafka;

namespace Lake.Tests.Serve;

/// <summary>Schedules declared in pipeline.yaml become recurring jobs when the server starts, and their output lands in the lake.</summary>
[Collection(ServeCollection.Name)]
public class SchedulesTests
{
    [Fact]
    public async Task A_kafka_backfill_scheduled_every_second_fires_and_the_lake_then_holds_the_topics_history_exactly_once()
    {
        using var history = new KafkaHistory("shop", 3000, 81);
        using var folder = new TempFolder();
        var pipeline = ServeTestPipeline.With(folder, "shop", """
            schedules:
              - name: backfill
                job: kafka-backfill
                cron: "* * * * * *"
                time_zone: Europe/Paris
                args: { topics: [shop.orders, shop.customers] }
            """);
        var lake = history.NewLake("lake");
        var host = await ServeHost.StartAsync(pipeline, lake, o => o with { BootstrapServers = history.Cluster.BootstrapServers, Ingest = false });
        try
        {
            using (var connection = host.Storage.GetConnection())
            {
                var recurring = Assert.Single(connection.GetRecurringJobs(), r => r.Id == "schedule:backfill");
                Assert.Equal("Europe/Paris", recurring.TimeZoneId);
            }
            ServeTestPipeline.WaitUntil(() => host.MetricAsync("lake_records_read_total").Result.GetValueOrDefault("") == history.Reference.Records,
                TimeSpan.FromSeconds(120), () => "the schedule did not backfill the history:\n" + string.Join("\n", host.Lines));
            // Later firings find nothing new (or are skipped while one runs): the lake's commit log decides.
            Thread.Sleep(3000);
            Assert.Equal(history.Reference.Records, (await host.MetricAsync("lake_records_read_total"))[""]);
        }
        finally
        {
            await host.DisposeAsync();
        }
        history.AssertExactlyOnce(lake);
    }

    [Fact]
    public async Task Snapshot_and_compaction_schedules_fire_and_the_snapshot_and_the_merged_files_appear_in_the_lake()
    {
        using var folder = new TempFolder();
        var pipeline = ServeTestPipeline.With(folder, "bank", """
            schedules:
              - name: nightly-balance
                job: snapshot
                cron: "* * * * * *"
                args: { projection: account_balance, as_of: "2026-03-01T00:00:00Z", shards: 2 }
              - name: hourly-compaction
                job: compact
                cron: "* * * * * *"
                args: { min_age_minutes: 0 }
            """);
        // Two exports of one history: twice the files, and every event twice, for compaction to merge and de-duplicate.
        var exports = folder["exports"];
        Directory.CreateDirectory(exports);
        LakeCli.Succeeds("generate", "--pipeline", pipeline.Directory, "--events", "3000", "--seed", "83", "--out", Path.Combine(exports, "a.ndjson"));
        File.Copy(Path.Combine(exports, "a.ndjson"), Path.Combine(exports, "b.ndjson"));
        var lake = folder["lake"];
        LakeCli.Succeeds("ingest", "--pipeline", pipeline.Directory, "--source", "files:" + exports, "--lake", lake);
        LakeCli.Succeeds("rebuild", "--pipeline", pipeline.Directory, "--projection", "account_balance", "--as-of", "2026-03-01T00:00:00Z", "--lake", lake, "--full-replay", "--out", folder["expected"]);
        var files = Directory.GetFiles(Path.Combine(lake, "events"), "*.parquet", SearchOption.AllDirectories).Length;
        var snapshot = Path.Combine(lake, "snapshots", "projection=account_balance", "as_of=20260301T000000Z", "snapshot.parquet");

        await using (var host = await ServeHost.StartAsync(pipeline, lake, o => o with { Ingest = false }))
        {
            ServeTestPipeline.WaitUntil(() => File.Exists(snapshot) && Directory.GetFiles(Path.Combine(lake, "events"), "*.parquet", SearchOption.AllDirectories).Length < files,
                TimeSpan.FromSeconds(120), () => "the schedules' outputs did not appear:\n" + string.Join("\n", host.Lines));
        }

        Assert.Equal(File.ReadAllBytes(Path.Combine(folder["expected"], "snapshot.parquet")), File.ReadAllBytes(snapshot));
        // Stopping the host may cancel a compaction the every-second schedule has just started, leaving it for the next one to
        // finish (the documented recovery), as its next firing would. A loaded CI run once failed this verify, with no message then;
        // the report is printed now.
        LakeCli.Succeeds("compact", "--lake", lake, "--min-age", "0");
        var report = global::Lake.Ingest.LakeVerifier.Verify(lake);
        Assert.True(report.IsClean, string.Join("\n", report.Violations.Concat(report.Uncommitted)));
    }
}

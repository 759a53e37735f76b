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
}

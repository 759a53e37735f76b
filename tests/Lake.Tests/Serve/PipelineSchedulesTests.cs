using Lake.Core.Schema;
using Lake.Pipelines;
using Lake.Tests.Cli;

namespace Lake.Tests.Serve;

/// <summary>pipeline.yaml's <c>schedules:</c> section: read with defaults, and every mistake reported with its line.</summary>
public class PipelineSchedulesTests
{
    [Fact]
    public void Schedules_are_read_with_their_cron_time_zone_and_args_and_the_time_zone_defaults_to_utc()
    {
        using var folder = new TempFolder();
        var pipeline = ServeTestPipeline.With(folder, "bank", """
            schedules:
              - name: nightly
                job: kafka-backfill
                cron: "5 0 * * *"
                time_zone: America/New_York
                args: { topics: [bank.events, other], from: yesterday, to: today }
              - { name: hourly, job: kafka-backfill, cron: "0 * * * *" }
            """);

        Assert.Equal(["nightly", "hourly"], pipeline.Schedules.Select(s => s.Name));
        var nightly = pipeline.Schedules[0];
        Assert.Equal(("kafka-backfill", "5 0 * * *", "America/New_York"), (nightly.Job, nightly.Cron, nightly.TimeZone));
        Assert.Equal(new Dictionary<string, string> { ["topics"] = "bank.events,other", ["from"] = "yesterday", ["to"] = "today" }, nightly.Args);
        Assert.Equal("UTC", pipeline.Schedules[1].TimeZone);
        Assert.Empty(pipeline.Schedules[1].Args);
    }

    [Fact]
    public void A_missing_cron_an_unknown_key_a_duplicate_name_and_an_unknown_time_zone_are_all_reported()
    {
        using var folder = new TempFolder();
        var e = Assert.Throws<CatalogException>(() => ServeTestPipeline.With(folder, "bank", """
            schedules:
              - { name: a, job: kafka-backfill }
              - { name: b, job: kafka-backfill, cron: "* * * * *", every: 5 }
              - { name: b, job: kafka-backfill, cron: "* * * * *", time_zone: Mars/Olympus }
            """));

        Assert.Contains(e.Errors, x => x.Problem == "a schedule has no 'cron'");
        Assert.Contains(e.Errors, x => x.Problem == "unknown key 'every' in a schedule");
        Assert.Contains(e.Errors, x => x.Problem == "two schedules are named 'b'");
        Assert.Contains(e.Errors, x => x.Problem == "time zone 'Mars/Olympus' is unknown");
        Assert.All(e.Errors, x => Assert.True(x.Location.Line > 0));
    }
}

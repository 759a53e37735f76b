using Lake.Generation;
using Lake.Ingest;
using Lake.Kafka;

namespace Lake.Tests.Kafka;

/// <summary>Backfills by time: --from and --to find offsets by record timestamp, on a broker that cannot answer OffsetsForTimes.</summary>
public class KafkaSeekTests
{
    [Fact]
    public void From_and_to_select_exactly_the_records_produced_between_the_two_times()
    {
        using var history = new KafkaHistory("bank", 2000, 81, produce: false);
        var noise = new HistoryProducer(history.Pipeline, history.Cluster.BootstrapServers);
        noise.Produce(new GenerationOptions(1500, 82));
        var from = Between();
        history.Produce();
        var to = Between();
        noise.Produce(new GenerationOptions(1500, 83));
        var lake = history.NewLake("lake");

        var summary = history.Ingest(lake, "g", o => o with { From = from, To = to });

        // Not summary.Records: on a loaded machine a rebalance can make the member read a range again (committed once).
        Assert.True(summary.Records >= history.Reference.Records);
        Assert.Equal(history.Reference.Records, new CommitLog(lake).ReadAll().Sum(r => r.LastOffset - r.FirstOffset + 1));
        history.AssertExactlyOnce(lake);
    }

    /// <summary>A time strictly after every record produced so far and before any produced next (timestamps have millisecond resolution).</summary>
    private static DateTime Between()
    {
        Thread.Sleep(20);
        var now = DateTime.UtcNow;
        Thread.Sleep(20);
        return now;
    }
}

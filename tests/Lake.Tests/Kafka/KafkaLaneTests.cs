using Lake.Ingest;
using Lake.Kafka;
using Lake.Storage;
using Lake.Tests.Maintenance;

namespace Lake.Tests.Kafka;

/// <summary>A member ingests its partitions on several lanes; how many changes nothing in the lake, and a lane's failure stops it.</summary>
public class KafkaLaneTests
{
    private static SortedDictionary<string, string> Files(string lake) => new(
        Directory.EnumerateFiles(lake, "*.parquet", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(lake, f).StartsWith("_lake", StringComparison.Ordinal))
            .ToDictionary(f => Path.GetRelativePath(lake, f), f => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f)))),
        StringComparer.Ordinal);

    [Fact]
    public void One_lane_or_three_give_byte_identical_files_holding_every_record_once()
    {
        using var history = new KafkaHistory("shop", 6000, 17, partitions: 5);
        var one = history.NewLake("one");
        var three = history.NewLake("three");
        Assert.Equal(history.Reference.Records, history.Ingest(one, "one", o => o with { Lanes = 1 }).Records);
        var summary = history.Ingest(three, "three", o => o with { Lanes = 3 });
        Assert.Equal(history.Reference.Records, summary.Records);
        Assert.Equal(history.Reference.Quarantined, summary.Quarantined);
        Assert.Equal(history.Reference.EventsByTypeAndVersion, summary.EventsByTypeAndVersion);
        history.AssertExactlyOnce(three);
        var files = Files(one);
        Assert.NotEmpty(files);
        Assert.Equal(files, Files(three));
    }

    [Fact]
    public void Regression_a_file_that_failed_to_write_is_never_committed_by_the_revoke_that_follows_the_failure()
    {
        using var history = new KafkaHistory("bank", 3000, 23, partitions: 4);
        var lake = history.NewLake("lake");
        // One curated file of partition 2 fails; the member stops with that error, and leaving the group commits the others.
        var failing = new FailingStore(lake, (op, key) => op == "create" && key.Contains("/event_type=", StringComparison.Ordinal) && key.Contains("-p2-", StringComparison.Ordinal));
        var e = Assert.Throws<IOException>(() => new KafkaIngestor(history.Pipeline.Catalog, failing, history.Consumer("g")).Run());
        Assert.Contains("injected failure", e.Message);
        Assert.DoesNotContain(new CommitLog(lake).ReadAll(), r => r.Partition == 2);

        // A healthy run picks up where the lake's commit log says: everything exactly once.
        history.Ingest(lake, "g");
        history.AssertExactlyOnce(lake);
    }

    [Fact]
    public void Regression_a_lane_failing_in_the_middle_of_a_record_has_that_range_abandoned_not_committed_on_the_way_out()
    {
        using var history = new KafkaHistory("bank", 3000, 23, partitions: 4);
        var lake = history.NewLake("lake");
        // The record at p2@100 is buffered, then its lane fails before the range is extended to it.
        var e = Assert.Throws<IOException>(() => new KafkaIngestor(history.Pipeline.Catalog, new LocalFolderStore(lake), history.Consumer("g") with { Lanes = 2 })
        {
            AfterAdd = at => { if (at.Partition.Value == 2 && at.Offset.Value == 100) throw new IOException("injected failure after buffering p2@100"); },
        }.Run());
        Assert.Contains("p2@100", e.Message);
        Assert.DoesNotContain(new CommitLog(lake).ReadAll(), r => r.Partition == 2 && r.LastOffset >= 99);

        history.Ingest(lake, "g");
        history.AssertExactlyOnce(lake);
    }
}

using Lake.Ingest;
using Lake.Pipelines;

namespace Lake.Tests.Lake;

/// <summary>The same input gives the same lake, and ingesting it again changes nothing.</summary>
public class IngestDeterminismTests(ShopLake shop) : IClassFixture<ShopLake>
{
    [Fact]
    public void Two_ingests_of_the_same_input_into_two_lakes_give_byte_identical_files()
    {
        var second = Path.Combine(shop.Root, "lake-2");
        new LakeIngestor(shop.Pipeline.Catalog, second, new IngestOptions { PipelineDirectory = shop.Pipeline.Directory }).IngestFiles(SourceFile.Resolve(shop.Input));
        Assert.Equal(IngestedHistory.FileHashes(shop.Lake).OrderBy(k => k.Key), IngestedHistory.FileHashes(second).OrderBy(k => k.Key));
    }

    [Fact]
    public void Ingesting_the_same_file_again_leaves_the_lake_exactly_as_it_was()
    {
        var lake = Path.Combine(shop.Root, "lake-rerun");
        new LakeIngestor(shop.Pipeline.Catalog, lake).IngestFiles(SourceFile.Resolve(shop.Input));
        var before = IngestedHistory.FileHashes(lake);
        var again = new LakeIngestor(shop.Pipeline.Catalog, lake).IngestFiles(SourceFile.Resolve(shop.Input));
        Assert.Equal(0, again.Records);
        Assert.Equal(shop.Summary.Records, again.AlreadyCommitted);
        Assert.Equal(before.OrderBy(k => k.Key), IngestedHistory.FileHashes(lake).OrderBy(k => k.Key));
    }

    [Fact]
    public void A_small_memory_budget_splits_partitions_into_parts_with_the_same_content()
    {
        var lake = Path.Combine(shop.Root, "lake-small-budget");
        var summary = new LakeIngestor(shop.Pipeline.Catalog, lake, new IngestOptions { MemoryBudgetBytes = 2 << 20 }).IngestFiles(SourceFile.Resolve(shop.Input));
        Assert.True(summary.FilesWritten > shop.Summary.FilesWritten, $"{summary.FilesWritten} files vs {shop.Summary.FilesWritten}");
        using var duck = new Duck();
        foreach (var zone in new[] { "raw", "quarantine" })
        {
            Assert.Equal(0, duck.Scalar<long>($"SELECT count(*) FROM (SELECT * EXCLUDE (payload) FROM {Duck.Zone(lake, zone)} EXCEPT ALL SELECT * EXCLUDE (payload) FROM {Duck.Zone(shop.Lake, zone)})"));
        }
        Assert.Equal(0, duck.Scalar<long>($"SELECT count(*) FROM (SELECT * FROM {Duck.Events(lake, "order_placed")} EXCEPT ALL SELECT * FROM {Duck.Events(shop.Lake, "order_placed")})"));
        Assert.Equal(shop.Summary.Curated, duck.Scalar<long>($"SELECT count(*) FROM {Duck.Events(lake)}"));
    }

    [Fact]
    public void A_file_smaller_than_one_batch_commits_once_and_a_larger_one_in_several_contiguous_ranges()
    {
        var lake = Path.Combine(shop.Root, "lake-batches");
        new LakeIngestor(shop.Pipeline.Catalog, lake, new IngestOptions { BatchRecords = 7_000 }).IngestFiles(SourceFile.Resolve(shop.Input));
        var commits = new CommitLog(lake).Read(LakePaths.SanitizeSource(Path.GetFileName(shop.Input)), 0);
        Assert.True(commits.Count >= 4);
        Assert.Equal(0, commits[0].FirstOffset);
        for (var i = 1; i < commits.Count; i++) Assert.Equal(commits[i - 1].LastOffset + 1, commits[i].FirstOffset);
        Assert.Equal(shop.Summary.Records - 1, commits[^1].LastOffset);
    }

    [Fact]
    public void A_file_that_grew_is_resumed_with_only_its_new_lines_and_a_rewritten_one_is_refused()
    {
        var dir = Path.Combine(shop.Root, "growing");
        Directory.CreateDirectory(dir);
        var file = Path.Combine(dir, "export.ndjson");
        var lines = File.ReadAllLines(shop.Input);
        File.WriteAllLines(file, lines.Take(20_000));
        var lake = Path.Combine(shop.Root, "lake-growing");
        new LakeIngestor(shop.Pipeline.Catalog, lake).IngestFiles(SourceFile.Resolve(file));

        File.AppendAllLines(file, lines.Skip(20_000));
        var resumed = new LakeIngestor(shop.Pipeline.Catalog, lake).IngestFiles(SourceFile.Resolve(file));

        Assert.Empty(resumed.Errors);
        Assert.Equal(20_000, resumed.AlreadyCommitted);
        Assert.Equal(lines.Length - 20_000, resumed.Records);
        using (var duck = new Duck())
        {
            Assert.Equal(lines.Length, duck.Scalar<long>($"SELECT count(DISTINCT source_offset) FROM {Duck.Zone(lake, "raw")}"));
            Assert.Equal(lines.Length, duck.Scalar<long>($"SELECT count(*) FROM {Duck.Zone(lake, "raw")}"));
        }

        File.WriteAllLines(file, lines.Reverse());
        var refused = new LakeIngestor(shop.Pipeline.Catalog, lake).IngestFiles(SourceFile.Resolve(file));
        Assert.Contains("already holds a different file", Assert.Single(refused.Errors));
        Assert.Equal(0, refused.Records);
    }
}

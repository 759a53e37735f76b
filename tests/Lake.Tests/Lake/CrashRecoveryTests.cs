using Lake.Ingest;

namespace Lake.Tests.Lake;

/// <summary>What a crash leaves behind is either rolled forward (committed) or removed (never committed); readers never see it.</summary>
public class CrashRecoveryTests(ShopLake shop) : IClassFixture<ShopLake>
{
    private string FreshLake(string name)
    {
        var lake = Path.Combine(shop.Root, name);
        new LakeIngestor(shop.Pipeline.Catalog, lake).IngestFiles(SourceFile.Resolve(shop.Input));
        return lake;
    }

    [Fact]
    public void A_crash_after_the_commit_record_but_before_the_renames_is_rolled_forward()
    {
        var lake = FreshLake("lake-crash-after-commit");
        var expected = IngestedHistory.FileHashes(lake);
        var committed = new CommitLog(lake).ReadAll().SelectMany(c => c.Files).Take(5).ToList();
        foreach (var f in committed) File.Move(Path.Combine(lake, f.Path), Path.Combine(lake, f.StagedAs));

        var (rolled, removed) = LakeRecovery.Run(lake);

        Assert.Equal(5, rolled);
        Assert.Equal(0, removed);
        Assert.Equal(expected.OrderBy(k => k.Key), IngestedHistory.FileHashes(lake).OrderBy(k => k.Key));
    }

    [Fact]
    public void Staged_files_of_a_batch_that_never_committed_are_removed_and_never_read()
    {
        var lake = FreshLake("lake-crash-before-commit");
        var expected = IngestedHistory.FileHashes(lake);
        var orphan = Path.Combine(lake, "events/event_type=order_placed/dt=2026-09-03/.shop.ndjson-p0-999999-part0.parquet.inprogress");
        File.WriteAllBytes(orphan, File.ReadAllBytes(Directory.GetFiles(Path.Combine(lake, "events/event_type=order_placed"), "*.parquet", SearchOption.AllDirectories)[0]));
        using (var duck = new Duck())
        {
            // Readers' globs skip hidden staged files even before recovery runs.
            Assert.Equal(shop.Summary.Curated, duck.Scalar<long>($"SELECT count(*) FROM {Duck.Events(lake)}"));
        }

        var (_, removed) = LakeRecovery.Run(lake);

        Assert.Equal(1, removed);
        Assert.False(File.Exists(orphan));
        Assert.Equal(expected.OrderBy(k => k.Key), IngestedHistory.FileHashes(lake).OrderBy(k => k.Key));
    }

    [Fact]
    public void An_ingest_resumes_after_the_last_committed_range_without_duplicating_it()
    {
        var lake = Path.Combine(shop.Root, "lake-resume");
        var options = new IngestOptions { BatchRecords = 10_000 };
        new LakeIngestor(shop.Pipeline.Catalog, lake, options).IngestFiles(SourceFile.Resolve(shop.Input));
        // Forget the last commit as if the process died before writing it: its files become orphans.
        var log = Path.Combine(lake, "_lake/commits");
        var last = Directory.GetFiles(log, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Last();
        var lastRecord = new CommitLog(lake).ReadAll().Last();
        File.Delete(last);
        foreach (var f in lastRecord.Files) File.Move(Path.Combine(lake, f.Path), Path.Combine(lake, f.StagedAs));

        var resumed = new LakeIngestor(shop.Pipeline.Catalog, lake, options).IngestFiles(SourceFile.Resolve(shop.Input));

        Assert.Equal(lastRecord.LastOffset - lastRecord.FirstOffset + 1, resumed.Records);
        using var duck = new Duck();
        Assert.Equal(shop.Summary.Records, duck.Scalar<long>($"SELECT count(*) FROM {Duck.Zone(lake, "raw")}"));
        Assert.Equal(shop.Summary.Curated, duck.Scalar<long>($"SELECT count(DISTINCT source_offset) FROM {Duck.Events(lake)}"));
        Assert.Equal(shop.Summary.Curated, duck.Scalar<long>($"SELECT count(*) FROM {Duck.Events(lake)}"));
    }

    [Fact]
    public void A_second_ingest_into_a_lake_that_is_being_written_is_refused_instead_of_deleting_the_first_ones_staged_files()
    {
        var lake = FreshLake("lake-locked");
        using var held = new FileStream(Path.Combine(lake, "_lake", "ingest.lock"), FileMode.Open, FileAccess.ReadWrite, FileShare.None);
        var e = Assert.Throws<IngestException>(() => new LakeIngestor(shop.Pipeline.Catalog, lake).IngestFiles(SourceFile.Resolve(shop.Input)));
        Assert.Contains("another ingest is writing to the lake", e.Message);
    }

    [Fact]
    public void A_second_commit_of_a_range_starting_at_the_same_offset_is_refused_so_two_writers_cannot_both_commit_it()
    {
        var lake = FreshLake("lake-fence");
        var log = new CommitLog(lake);
        var first = log.ReadAll()[0];

        var e = Assert.Throws<CommitConflictException>(() => log.Write(first with { LastOffset = first.LastOffset + 5, Files = [] }));

        Assert.Equal(first.FirstOffset, e.FirstOffset);
        Assert.Equal(first, log.ReadAll()[0] with { Files = first.Files });
        Assert.Equal(first.Files.Count, log.ReadAll()[0].Files.Count);
        Assert.Empty(Directory.GetFiles(Path.Combine(lake, "_lake", "commits"), "*.inprogress", SearchOption.AllDirectories));
    }
}

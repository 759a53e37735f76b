using Lake.Storage;
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
        foreach (var f in committed) File.Move(Path.Combine(lake, f.Path), Path.Combine(lake, f.StagedAs!));

        var (rolled, removed) = LakeRecovery.Run(lake);

        Assert.Equal(5, rolled);
        Assert.Equal(0, removed);
        Assert.Equal(expected.OrderBy(k => k.Key), IngestedHistory.FileHashes(lake).OrderBy(k => k.Key));
    }

    [Fact]
    public void A_staged_file_of_another_size_than_its_record_says_is_neither_rolled_forward_nor_deleted()
    {
        var lake = FreshLake("lake-crash-staged-wrong-size");
        var file = new CommitLog(lake).ReadAll().SelectMany(c => c.Files).First(f => f.Zone == LakePaths.Events);
        var staged = Path.Combine(lake, file.StagedAs!);
        File.Move(Path.Combine(lake, file.Path), staged);
        using (var s = new FileStream(staged, FileMode.Open)) s.SetLength(s.Length / 2);

        var (rolled, removed) = LakeRecovery.Run(lake);

        Assert.Equal(0, rolled);
        Assert.Equal(0, removed);
        Assert.True(File.Exists(staged));
        Assert.Contains(LakeVerifier.Verify(lake).Violations, v => v.Contains(file.Path));
    }

    [Theory]
    [InlineData("rename")]
    [InlineData("claims")]
    public void Regression_a_failure_after_the_commit_record_leaves_the_committed_files_for_recovery_instead_of_deleting_them(string failing)
    {
        // The unit used to keep its staged files until after the renames: a failed rename (or a failed read of the claims
        // after the record) made the abandon that followed delete files a valid record lists, and the range was lost.
        var lake = Path.Combine(shop.Root, $"lake-fails-after-commit-{failing}");
        var renames = 0;
        var store = new global::Lake.Tests.Maintenance.FailingStore(lake, failing == "rename"
            ? (op, _) => op == "rename" && ++renames == 3
            : (op, key) => op == "list" && key.StartsWith("_lake/claims/", StringComparison.Ordinal) && Directory.Exists(Path.Combine(lake, "_lake", "commits")));
        Assert.Throws<IOException>(() => new LakeIngestor(shop.Pipeline.Catalog, store).IngestFiles(SourceFile.Resolve(shop.Input)));

        var again = new LakeIngestor(shop.Pipeline.Catalog, lake).IngestFiles(SourceFile.Resolve(shop.Input));

        Assert.Equal(0, again.Records);
        Assert.Empty(LakeVerifier.Verify(lake).Violations);
        using var duck = new Duck();
        Assert.Equal(shop.Summary.Curated, duck.Scalar<long>($"SELECT count(*) FROM {Duck.Events(lake)}"));
        Assert.Equal(shop.Summary.Records, duck.Scalar<long>($"SELECT count(*) FROM read_parquet('{lake}/raw/**/*.parquet')"));
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
        foreach (var f in lastRecord.Files) File.Move(Path.Combine(lake, f.Path), Path.Combine(lake, f.StagedAs!));

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
    public void A_writer_whose_partition_was_claimed_by_another_cannot_commit_and_leaves_nothing_behind()
    {
        var lake = Path.Combine(shop.Root, "lake-fence");
        var store = new LocalFolderStore(lake);
        var writer = new LakeWriter(shop.Pipeline.Catalog, store, new IngestOptions(), new IngestSummary());
        var (zombie, _) = writer.Log.ClaimAsync("s", 0, "zombie").GetAwaiter().GetResult();
        var unit = writer.Open(zombie);
        var line = File.ReadLines(shop.Input).First();
        unit.Begin(0);
        unit.Add(System.Text.Encoding.UTF8.GetBytes(line), 0, arrival: null);
        unit.End(0);
        var (owner, _) = writer.Log.ClaimAsync("s", 0, "owner").GetAwaiter().GetResult();

        var e = Assert.Throws<CommitConflictException>(() => unit.Commit());

        Assert.Equal(0, e.FirstOffset);
        Assert.Equal(0, owner.ResumeFrom);
        Assert.Empty(writer.Log.Read("s", 0));
        Assert.Empty(Directory.GetFiles(lake, "*.parquet*", SearchOption.AllDirectories));
    }

    [Fact]
    public void Regression_a_fenced_commit_whose_staged_files_cannot_be_deleted_still_reports_the_fence_and_resets_its_unit()
    {
        var lake = Path.Combine(shop.Root, "lake-fence-undeletable");
        var store = new global::Lake.Tests.Maintenance.FailingStore(lake, (op, key) => op == "delete" && key.Contains(".parquet", StringComparison.Ordinal));
        var writer = new LakeWriter(shop.Pipeline.Catalog, store, new IngestOptions(), new IngestSummary());
        var (zombie, _) = writer.Log.ClaimAsync("s", 0, "zombie").GetAwaiter().GetResult();
        var unit = writer.Open(zombie);
        var lines = File.ReadLines(shop.Input).Take(50).ToList();
        unit.Begin(0);
        for (var i = 0; i < lines.Count; i++) unit.Add(System.Text.Encoding.UTF8.GetBytes(lines[i]), i, arrival: null);
        unit.End(lines.Count - 1);
        writer.Log.ClaimAsync("s", 0, "owner").GetAwaiter().GetResult();

        // The deletes fail: the fence is still what the caller learns (it was an IOException before), and nothing stays open.
        Assert.Throws<CommitConflictException>(() => unit.Commit());
        Assert.Equal(-1, unit.FirstOffset);
        Assert.Equal(0, unit.Count);
        unit.Abandon();
        Assert.Empty(writer.Log.Read("s", 0));
        // What could not be deleted is listed by no record and hidden (staged names), so no reader sees it.
        var left = Directory.GetFiles(lake, "*.parquet*", SearchOption.AllDirectories);
        Assert.NotEmpty(left);
        Assert.All(left, f => Assert.StartsWith(".", Path.GetFileName(f), StringComparison.Ordinal));
        Assert.True(LakeVerifier.Verify(lake).IsClean);
    }

    [Fact]
    public void A_record_written_after_a_newer_claim_resumed_before_it_is_invalid_and_removed_by_recovery()
    {
        var lake = Path.Combine(shop.Root, "lake-fence-race");
        var store = new LocalFolderStore(lake);
        var log = new CommitLog(store);
        var (zombie, _) = log.ClaimAsync("s", 0, "a").GetAwaiter().GetResult();
        var (owner, _) = log.ClaimAsync("s", 0, "b").GetAwaiter().GetResult();
        // The zombie checked the claims just before the owner claimed, so its record lands after the owner's claim.
        var late = new CommitRecord { Source = "s", Partition = 0, FirstOffset = 0, LastOffset = 9, Epoch = zombie.Epoch, Writer = zombie.Writer, CatalogFingerprint = "x", Files = [] };
        store.PutAsync(CommitLog.RecordKey(late), System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(late, new System.Text.Json.JsonSerializerOptions { PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower })).GetAwaiter().GetResult();

        var history = log.ReadAsync("s", 0).GetAwaiter().GetResult();

        Assert.Empty(history.Valid);
        Assert.Single(history.Invalid);
        Assert.Equal(0, history.End);
        Assert.Equal(1, LakeRecovery.RecoverAsync(log, [history]).GetAwaiter().GetResult().InvalidRecordsRemoved);
        Assert.Empty(log.ReadAsync("s", 0).GetAwaiter().GetResult().Invalid);
        Assert.Equal(owner.Epoch, log.ReadAsync("s", 0).GetAwaiter().GetResult().Newest!.Epoch);
    }
}

using Lake.Generation;
using Lake.Ingest;
using Lake.Maintenance;
using Lake.Pipelines;
using Lake.Storage;
using Lake.Tests.Lake;

namespace Lake.Tests.Maintenance;

/// <summary>Compaction merges small curated files: the same events (first copy of each event_id) in fewer files, the log still exact.</summary>
public class CompactionTests
{
    private static readonly CompactionOptions Now = new() { MinAge = TimeSpan.Zero };
    /// <summary>One event type's 60 partitions: enough to show a behaviour, a sixth of the work.</summary>
    private static readonly CompactionOptions OrdersNow = Now with { EventType = "order_placed" };

    /// <summary>A shop history dealt round-robin into four exports (like four Kafka partitions), so each curated partition holds several files.</summary>
    private static SplitHistory SmallBatches(int seed = 31) => new(seed);

    private sealed class SplitHistory : IDisposable
    {
        public SplitHistory(int seed)
        {
            Pipeline = PipelineLoader.Load(Repo.Pipeline("shop"));
            Root = Path.Combine(Path.GetTempPath(), "lake-compact-test-" + Guid.NewGuid().ToString("N"));
            var exports = Path.Combine(Root, "exports");
            Directory.CreateDirectory(exports);
            Input = Path.Combine(Root, "shop.ndjson");
            using (var f = File.Create(Input)) new HistoryGenerator(Pipeline).Write(f, new GenerationOptions(4000, seed) { BadShare = 0.003 });
            var lines = File.ReadAllLines(Input);
            for (var i = 0; i < 4; i++) File.WriteAllLines(Path.Combine(exports, $"part-{i}.ndjson"), lines.Where((_, n) => n % 4 == i));
            Lake = Path.Combine(Root, "lake");
            Summary = new LakeIngestor(Pipeline.Catalog, Lake).IngestFiles(SourceFile.Resolve(exports));
        }

        public PipelineDefinition Pipeline { get; }
        public string Root { get; }
        public string Input { get; }
        public string Lake { get; }
        public IngestSummary Summary { get; }

        public void Dispose()
        {
            try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
        }
    }

    private static int Files(string lake) => Directory.GetFiles(Path.Combine(lake, "events"), "*.parquet", SearchOption.AllDirectories).Length;

    private static CompactionSummary Compact(string lake, CompactionOptions? options = null) =>
        new LakeCompactor(new LocalFolderStore(lake), options ?? Now).RunAsync().GetAwaiter().GetResult();

    [Fact]
    public void Compaction_keeps_every_event_once_with_the_same_values_and_types_in_fewer_files()
    {
        using var history = SmallBatches();
        using var duck = new Duck();
        const string firstCopies = "QUALIFY row_number() OVER (PARTITION BY event_type, event_id ORDER BY recorded_at, source, source_partition, source_offset) = 1";
        duck.Execute($"CREATE TABLE before AS SELECT * FROM {Duck.Events(history.Lake)} {firstCopies}");
        var rowsBefore = duck.Scalar<long>($"SELECT count(*) FROM {Duck.Events(history.Lake)}");
        var typesBefore = duck.Describe(Duck.Events(history.Lake, "order_placed"));
        var filesBefore = Files(history.Lake);

        var summary = Compact(history.Lake);

        // Copies are removed where files are merged; a partition left as one file keeps what it has.
        duck.Execute($"CREATE TABLE after AS SELECT * FROM {Duck.Events(history.Lake)}");
        Assert.Equal(0, duck.Scalar<long>($"SELECT count(*) FROM (SELECT * FROM before EXCEPT SELECT * FROM after)"));
        Assert.Equal(0, duck.Scalar<long>($"SELECT count(*) FROM (SELECT * FROM after {firstCopies} EXCEPT SELECT * FROM before)"));
        var rowsAfter = duck.Scalar<long>("SELECT count(*) FROM after");
        Assert.True(summary.DuplicatesRemoved > 0, "the generated history re-sends some events: compaction must have removed copies");
        Assert.Equal(rowsBefore - rowsAfter, summary.DuplicatesRemoved);
        Assert.Equal(summary.RowsIn - summary.RowsOut, summary.DuplicatesRemoved);
        Assert.Equal(typesBefore, duck.Describe(Duck.Events(history.Lake, "order_placed")));
        Assert.True(Files(history.Lake) < filesBefore / 3, $"{filesBefore} files before, {Files(history.Lake)} after");
        var report = LakeVerifier.Verify(history.Lake);
        Assert.True(report.IsClean, string.Join("\n", report.Violations));
        Assert.Empty(report.Uncommitted);
    }

    [Fact]
    public void Compacting_twice_changes_nothing_and_two_equal_lakes_compact_to_the_same_bytes()
    {
        using var a = SmallBatches(32);
        using var b = SmallBatches(32);
        Compact(a.Lake, OrdersNow);
        Compact(b.Lake, OrdersNow);
        var once = IngestedHistory.FileHashes(a.Lake);

        var again = Compact(a.Lake, OrdersNow);

        Assert.Equal(0, again.Partitions);
        Assert.Equal(once.OrderBy(f => f.Key), IngestedHistory.FileHashes(a.Lake).OrderBy(f => f.Key));
        Assert.Equal(once.Where(f => !f.Key.EndsWith("ingest.lock")).OrderBy(f => f.Key), IngestedHistory.FileHashes(b.Lake).Where(f => !f.Key.EndsWith("ingest.lock")).OrderBy(f => f.Key));
    }

    [Fact]
    public void Files_younger_than_the_minimum_age_wait_for_a_later_run()
    {
        using var history = SmallBatches(33);
        var files = Files(history.Lake);
        var store = new LocalFolderStore(history.Lake);

        var early = new LakeCompactor(store, OrdersNow with { MinAge = TimeSpan.FromHours(1) }).RunAsync().GetAwaiter().GetResult();
        Assert.Equal(0, early.Partitions);
        Assert.True(early.SkippedTooYoung > 0);
        Assert.Equal(files, Files(history.Lake));

        var later = new LakeCompactor(store, OrdersNow with { MinAge = TimeSpan.FromHours(1) }) { UtcNow = () => DateTime.UtcNow.AddHours(2) }.RunAsync().GetAwaiter().GetResult();
        Assert.Equal(early.SkippedTooYoung, later.Partitions);
    }

    [Fact]
    public void A_compaction_interrupted_after_its_record_leaves_a_violation_that_the_next_run_finishes()
    {
        using var history = SmallBatches(34);
        var expected = EventRows(history.Lake);
        var deletes = 0;
        var failing = new FailingStore(history.Lake, (op, _) => op == "delete" && ++deletes == 3);

        Assert.Throws<IOException>(() => new LakeCompactor(failing, OrdersNow).RunAsync().GetAwaiter().GetResult());
        var interrupted = LakeVerifier.Verify(history.Lake);
        Assert.Contains(interrupted.Violations, v => v.Contains("replaced by a rewrite but still present", StringComparison.Ordinal));

        var resumed = Compact(history.Lake, OrdersNow);

        Assert.True(resumed.Cleaned > 0);
        Assert.True(LakeVerifier.Verify(history.Lake).IsClean);
        Assert.Equal(expected, EventRows(history.Lake));
    }

    [Fact]
    public void A_compaction_interrupted_before_its_record_leaves_outputs_that_the_next_run_removes()
    {
        using var history = SmallBatches(35);
        var expected = EventRows(history.Lake);
        var failing = new FailingStore(history.Lake, (op, key) => op == "put" && key.StartsWith("_lake/rewrites/", StringComparison.Ordinal));

        Assert.Throws<IOException>(() => new LakeCompactor(failing, OrdersNow).RunAsync().GetAwaiter().GetResult());
        Assert.Contains(LakeVerifier.Verify(history.Lake).Violations, v => v.Contains("compacted-", StringComparison.Ordinal));

        var resumed = Compact(history.Lake, OrdersNow);

        Assert.Equal(1, resumed.Cleaned);
        var report = LakeVerifier.Verify(history.Lake);
        Assert.True(report.IsClean, string.Join("\n", report.Violations));
        Assert.Equal(expected, EventRows(history.Lake));
    }

    [Fact]
    public void Ingestion_goes_on_after_compaction_and_the_next_compaction_merges_the_new_files()
    {
        using var history = SmallBatches(36);
        Compact(history.Lake, OrdersNow);
        var more = Path.Combine(history.Root, "more.ndjson");
        File.Copy(history.Input, more);
        // A second export of the same events: every one is a duplicate of one already compacted.
        var second = new LakeIngestor(history.Pipeline.Catalog, history.Lake).IngestFiles(SourceFile.Resolve(more));
        Assert.Equal(history.Summary.Curated, second.Curated);
        var expected = EventRows(history.Lake);
        using var duck = new Duck();
        var rowsBefore = duck.Scalar<long>($"SELECT count(*) FROM {Duck.Events(history.Lake)}");

        var summary = Compact(history.Lake, OrdersNow);

        Assert.True(summary.Partitions > 0);
        Assert.True(summary.DuplicatesRemoved > 0, "every order_placed of the second export is a copy");
        Assert.Equal(rowsBefore - summary.DuplicatesRemoved, duck.Scalar<long>($"SELECT count(*) FROM {Duck.Events(history.Lake)}"));
        Assert.True(LakeVerifier.Verify(history.Lake).IsClean);
        Assert.Equal(expected, EventRows(history.Lake));
    }

    private static List<string> EventRows(string lake)
    {
        using var duck = new Duck();
        return duck.Rows($"SELECT DISTINCT event_type, event_id, occurred_at::VARCHAR FROM {Duck.Events(lake)} ORDER BY ALL").Select(r => string.Join("|", r)).ToList();
    }
}

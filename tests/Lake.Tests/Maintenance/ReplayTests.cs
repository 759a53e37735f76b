using Lake.Generation;
using Lake.Ingest;
using Lake.Maintenance;
using Lake.Pipelines;
using Lake.Storage;
using Lake.Tests.Lake;

namespace Lake.Tests.Maintenance;

/// <summary>A replay upcasts a recorded_at range of the raw zone again with the current catalog and swaps the result in.</summary>
public sealed class ReplayTests : IDisposable
{
    private static readonly DateTime From = new(2026, 9, 10, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime To = new(2026, 9, 20, 0, 0, 0, DateTimeKind.Utc);
    private readonly string _root = Path.Combine(Path.GetTempPath(), "lake-replay-test-" + Guid.NewGuid().ToString("N"));
    private readonly string _pipeline;
    private readonly string _lake;

    public ReplayTests()
    {
        _pipeline = Path.Combine(_root, "shop");
        Repo.CopyFolder(Repo.Pipeline("shop"), _pipeline);
        var pipeline = PipelineLoader.Load(_pipeline);
        var input = Path.Combine(_root, "shop.ndjson");
        using (var f = File.Create(input)) new HistoryGenerator(pipeline).Write(f, new GenerationOptions(6000, 71) { BadShare = 0.003 });
        _lake = Path.Combine(_root, "lake");
        new LakeIngestor(pipeline.Catalog, _lake).IngestFiles(SourceFile.Resolve(input));
    }

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }

    /// <summary>The upcaster fix of the test: payments received at v1 get currency XXX instead of EUR.</summary>
    private void FixTheCatalog()
    {
        var file = Path.Combine(_pipeline, "events", "payment_captured.yaml");
        var yaml = File.ReadAllText(file);
        Assert.Contains("default: EUR", yaml, StringComparison.Ordinal);
        File.WriteAllText(file, yaml.Replace("default: EUR", "default: XXX", StringComparison.Ordinal));
    }

    private ReplaySummary Replay() =>
        new LakeReplayer(PipelineLoader.Load(_pipeline).Catalog, new LocalFolderStore(_lake), new ReplayOptions { From = From, To = To, MinAge = TimeSpan.Zero }).RunAsync().GetAwaiter().GetResult();

    private const string InRange = "recorded_at >= TIMESTAMPTZ '2026-09-10 00:00:00+00' AND recorded_at < TIMESTAMPTZ '2026-09-20 00:00:00+00'";

    [Fact]
    public void After_an_upcaster_fix_the_replayed_range_takes_the_new_values_and_every_count_stays()
    {
        using var duck = new Duck();
        var countsBefore = duck.Rows($"SELECT event_type, count(*) FROM {Duck.Events(_lake)} GROUP BY ALL ORDER BY ALL").Select(r => $"{r[0]} {r[1]}").ToList();
        var quarantineBefore = duck.Scalar<long>($"SELECT count(*) FROM {Duck.Zone(_lake, "quarantine")}");
        var v1InRange = duck.Scalar<long>($"SELECT count(*) FROM {Duck.Events(_lake, "payment_captured")} WHERE event_version = 1 AND {InRange}");
        var rawBefore = IngestedHistory.FileHashes(Path.Combine(_lake, "raw"));
        Assert.True(v1InRange > 0);
        FixTheCatalog();

        var summary = Replay();

        Assert.Equal(duck.Scalar<long>($"SELECT count(*) FROM {Duck.Zone(_lake, "raw")} WHERE {InRange}"), summary.Records);
        Assert.Equal(v1InRange, duck.Scalar<long>($"SELECT count(*) FROM {Duck.Events(_lake, "payment_captured")} WHERE currency = 'XXX'"));
        Assert.Equal(v1InRange, duck.Scalar<long>($"SELECT count(*) FROM {Duck.Events(_lake, "payment_captured")} WHERE currency = 'XXX' AND event_version = 1 AND {InRange}"));
        Assert.True(duck.Scalar<long>($"SELECT count(*) FROM {Duck.Events(_lake, "payment_captured")} WHERE event_version = 1 AND currency = 'EUR'") > 0, "v1 payments outside the range keep the old default");
        Assert.Equal(countsBefore, duck.Rows($"SELECT event_type, count(*) FROM {Duck.Events(_lake)} GROUP BY ALL ORDER BY ALL").Select(r => $"{r[0]} {r[1]}").ToList());
        Assert.Equal(quarantineBefore, duck.Scalar<long>($"SELECT count(*) FROM {Duck.Zone(_lake, "quarantine")}"));
        Assert.Equal(rawBefore, IngestedHistory.FileHashes(Path.Combine(_lake, "raw")));
        var report = LakeVerifier.Verify(_lake);
        Assert.True(report.IsClean, string.Join("\n", report.Violations));
        Assert.Empty(report.Uncommitted);
    }

    [Fact]
    public void Replaying_the_same_range_twice_leaves_the_lake_byte_identical()
    {
        FixTheCatalog();
        Replay();
        var once = IngestedHistory.FileHashes(_lake);

        var again = Replay();

        Assert.True(again.Unchanged);
        Assert.Equal(once.OrderBy(f => f.Key), IngestedHistory.FileHashes(_lake).OrderBy(f => f.Key));
    }

    [Fact]
    public void A_replay_without_a_catalog_change_keeps_every_row_as_it_was()
    {
        using var duck = new Duck();
        duck.Execute($"CREATE TABLE events_before AS SELECT * FROM {Duck.Events(_lake)}");
        duck.Execute($"CREATE TABLE quarantine_before AS SELECT * FROM {Duck.Zone(_lake, "quarantine")}");

        var summary = Replay();

        Assert.True(summary.Records > 0);
        foreach (var (table, source) in new[] { ("events_before", Duck.Events(_lake)), ("quarantine_before", Duck.Zone(_lake, "quarantine")) })
        {
            Assert.Equal(0, duck.Scalar<long>($"SELECT count(*) FROM (SELECT * FROM {table} EXCEPT ALL SELECT * FROM {source})"));
            Assert.Equal(0, duck.Scalar<long>($"SELECT count(*) FROM (SELECT * FROM {source} EXCEPT ALL SELECT * FROM {table})"));
        }
        Assert.True(LakeVerifier.Verify(_lake).IsClean);
        Assert.True(Replay().Unchanged);
    }

    [Fact]
    public void A_replay_interrupted_before_its_record_leaves_outputs_that_the_next_replay_removes()
    {
        var file = Path.Combine(_pipeline, "events", "payment_captured.yaml");
        var original = File.ReadAllText(file);
        FixTheCatalog();
        var catalog = PipelineLoader.Load(_pipeline).Catalog;
        var options = new ReplayOptions { From = From, To = To, MinAge = TimeSpan.Zero };
        var failing = new FailingStore(_lake, (op, key) => op == "put" && key.StartsWith("_lake/rewrites/", StringComparison.Ordinal));
        Assert.Throws<IOException>(() => new LakeReplayer(catalog, failing, options).RunAsync().GetAwaiter().GetResult());
        Assert.Contains(LakeVerifier.Verify(_lake).Violations, v => v.Contains("/replayed-", StringComparison.Ordinal));
        // The fix is withdrawn: the next replay's outputs differ from the orphans, so only the cleanup can remove them.
        File.WriteAllText(file, original);

        Replay();

        var report = LakeVerifier.Verify(_lake);
        Assert.True(report.IsClean, string.Join("\n", report.Violations));
        using var duck = new Duck();
        Assert.Equal(0, duck.Scalar<long>($"SELECT count(*) FROM {Duck.Events(_lake, "payment_captured")} WHERE currency = 'XXX'"));
    }
}

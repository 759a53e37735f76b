using System.IO.Compression;
using System.Text;
using Lake.Ingest;
using Lake.Pipelines;

namespace Lake.Tests.Lake;

/// <summary>Bad input gets a clear error or a quarantine entry, and nothing else is lost.</summary>
public class BadInputTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "lake-bad-" + Guid.NewGuid().ToString("N"));
    private readonly PipelineDefinition _shop = PipelineLoader.Load(Repo.Pipeline("shop"));

    public BadInputTests() => Directory.CreateDirectory(_root);

    public void Dispose()
    {
        try { Directory.Delete(_root, true); } catch (IOException) { }
    }

    private const string Good = """{"metadata":{"id":"g-1","type":"order_confirmed","version":1,"occurred_at":"2026-11-20T10:00:00Z"},"data":{"order_id":"o-1","confirmed_by":"x"}}""";

    [Fact]
    public void Malformed_json_non_utf8_a_5_mb_line_and_a_path_like_type_are_quarantined_and_good_lines_around_them_are_kept()
    {
        var file = Path.Combine(_root, "bad.ndjson");
        using (var f = File.Create(file))
        {
            void Line(byte[] b) { f.Write(b); f.WriteByte((byte)'\n'); }
            Line(Encoding.UTF8.GetBytes(Good));
            Line(Encoding.UTF8.GetBytes("{not json"));
            Line([0x7B, 0xFF, 0xFE, 0x7D]);
            Line(Encoding.UTF8.GetBytes("{\"metadata\":{\"id\":\"big\",\"type\":\"order_confirmed\",\"version\":1,\"occurred_at\":\"2026-11-20T10:00:00Z\"},\"data\":{\"order_id\":\"o-2\",\"confirmed_by\":\"" + new string('x', 5 << 20) + "\"}}"));
            Line(Encoding.UTF8.GetBytes("""{"metadata":{"id":"t","type":"../../etc","version":1,"occurred_at":"2026-11-20T10:00:00Z"},"data":{}}"""));
            Line(Encoding.UTF8.GetBytes(Good.Replace("g-1", "g-2")));
        }
        var lake = Path.Combine(_root, "lake");
        var summary = new LakeIngestor(_shop.Catalog, lake).IngestFiles(SourceFile.Resolve(file));

        Assert.Equal(6, summary.Records);
        Assert.Equal(3, summary.Curated);
        Assert.Equal(3, summary.Quarantined);
        using var duck = new Duck();
        var reasons = duck.Rows($"SELECT source_offset, reason, event_type FROM {Duck.Zone(lake, "quarantine")} ORDER BY source_offset");
        Assert.Equal([1L, 2L, 4L], reasons.Select(r => (long)r[0]!));
        Assert.Equal(["malformed", "malformed", "unknown_event_type"], reasons.Select(r => (string)r[1]!));
        Assert.Equal("../../etc", reasons[2][2]);
        Assert.Equal(5 << 20, duck.Scalar<long>($"SELECT max(length(confirmed_by)) FROM {Duck.Events(lake, "order_confirmed")}"));
        // The type never became a path: only catalog names exist under events/.
        Assert.Equal(["event_type=order_confirmed"], Directory.GetDirectories(Path.Combine(lake, "events")).Select(Path.GetFileName));
        Assert.False(Directory.Exists(Path.Combine(_root, "etc")));
        // Raw keeps the exact bytes, invalid UTF-8 included.
        var payload = duck.Rows($"SELECT payload FROM {Duck.Zone(lake, "raw")} WHERE source_offset = 2")[0][0];
        Assert.Equal(new byte[] { 0x7B, 0xFF, 0xFE, 0x7D }, (byte[])payload!);
    }

    [Fact]
    public void A_missing_file_is_a_clear_error_naming_it()
    {
        var e = Assert.Throws<IngestException>(() => SourceFile.Resolve(Path.Combine(_root, "nope.ndjson")));
        Assert.Contains("nope.ndjson", e.Message);
        Assert.Contains("does not exist", e.Message);
    }

    [Fact]
    public void An_unreadable_gzip_keeps_the_lines_before_the_damage_and_reports_the_file()
    {
        var file = Path.Combine(_root, "damaged.ndjson.gz");
        using (var ms = new MemoryStream())
        {
            using (var gz = new GZipStream(ms, CompressionLevel.Fastest, leaveOpen: true))
            {
                for (var i = 0; i < 2000; i++) gz.Write(Encoding.UTF8.GetBytes(Good.Replace("g-1", "g-" + i) + "\n"));
            }
            var bytes = ms.ToArray();
            for (var i = bytes.Length / 2; i < bytes.Length / 2 + 64; i++) bytes[i] ^= 0x5A;
            File.WriteAllBytes(file, bytes);
        }
        var lake = Path.Combine(_root, "lake-gz");
        var summary = new LakeIngestor(_shop.Catalog, lake).IngestFiles(SourceFile.Resolve(file));

        var error = Assert.Single(summary.Errors);
        Assert.Contains("damaged.ndjson.gz", error);
        Assert.Contains("unreadable", error);
        using var duck = new Duck();
        var raw = duck.Scalar<long>($"SELECT count(*) FROM {Duck.Zone(lake, "raw")}");
        Assert.Equal(summary.Records, raw);
        Assert.True(summary.Records < 2000);
    }

    [Fact]
    public void Regression_a_failed_write_surfaces_as_a_write_error_instead_of_an_unreadable_source_whose_range_is_then_skipped()
    {
        var file = Path.Combine(_root, "w.ndjson");
        File.WriteAllText(file, Good + "\n" + Good.Replace("g-1", "g-2").Replace("2026-11-20", "2026-11-21") + "\n");
        var lake = Path.Combine(_root, "lake-write-failure");
        // A file where line 0's raw partition folder must go makes its batch's write fail with an IOException, the kind
        // the source reader throws too. The bug reported a damaged source, committed line 1's batch, and a resume would
        // then have skipped line 0 for good.
        var blocker = Path.Combine(lake, "raw/source=w.ndjson/dt=2026-11-20");
        Directory.CreateDirectory(Path.GetDirectoryName(blocker)!);
        File.WriteAllText(blocker, "in the way");
        var options = new IngestOptions { BatchRecords = 1 };

        var error = Record.Exception(() => new LakeIngestor(_shop.Catalog, lake, options).IngestFiles(SourceFile.Resolve(file)));

        Assert.True(error is IOException, $"expected the write error to surface, got {error?.GetType().Name}: {error?.Message}");
        Assert.Empty(new CommitLog(lake).ReadAll());
        File.Delete(blocker);
        var summary = new LakeIngestor(_shop.Catalog, lake, options).IngestFiles(SourceFile.Resolve(file));
        Assert.Empty(summary.Errors);
        Assert.Equal(2, summary.Curated);
        using var duck = new Duck();
        Assert.Equal([0L, 1L], duck.Rows($"SELECT source_offset FROM {Duck.Zone(lake, "raw")} ORDER BY 1").Select(r => (long)r[0]!));
    }
}

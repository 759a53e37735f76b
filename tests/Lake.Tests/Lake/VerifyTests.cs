using Lake.Ingest;
using Lake.Tests.Cli;

namespace Lake.Tests.Lake;

/// <summary><c>lake verify</c> passes a lake an ingest left, and names each broken invariant.</summary>
public class VerifyTests(ShopLake shop) : IClassFixture<ShopLake>
{
    private string Copy(string name)
    {
        var target = Path.Combine(shop.Root, name);
        foreach (var f in Directory.GetFiles(shop.Lake, "*", SearchOption.AllDirectories))
        {
            var to = Path.Combine(target, Path.GetRelativePath(shop.Lake, f));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(f, to);
        }
        return target;
    }

    [Fact]
    public void A_lake_written_by_ingest_is_clean_and_the_command_exits_0()
    {
        var outcome = LakeCli.InProcess("verify", "--lake", shop.Lake);
        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains($"clean: 1 source partition(s), {shop.Summary.Records:N0} committed records", outcome.Out);
    }

    [Fact]
    public void A_missing_or_altered_committed_file_is_a_violation()
    {
        var lake = Copy("verify-missing");
        var files = new CommitLog(lake).ReadAll().SelectMany(c => c.Files).ToList();
        File.Delete(Path.Combine(lake, files[0].Path));
        File.AppendAllText(Path.Combine(lake, files[1].Path), "x");

        var report = LakeVerifier.Verify(lake);

        Assert.Equal(2, report.Violations.Count);
        Assert.Contains(report.Violations, v => v.StartsWith(files[0].Path) && v.Contains("missing"));
        Assert.Contains(report.Violations, v => v.StartsWith(files[1].Path) && v.Contains("bytes"));
        Assert.Equal(1, LakeCli.InProcess("verify", "--lake", lake).ExitCode);
    }

    [Fact]
    public void A_gap_in_committed_ranges_is_a_violation()
    {
        var lake = Path.Combine(shop.Root, "verify-gap");
        new LakeIngestor(shop.Pipeline.Catalog, lake, new IngestOptions { BatchRecords = 10_000 }).IngestFiles(SourceFile.Resolve(shop.Input));
        var middle = Directory.GetFiles(Path.Combine(lake, "_lake", "commits"), "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ElementAt(1);
        File.Delete(middle);

        var report = LakeVerifier.Verify(lake);

        Assert.Contains(report.Violations, v => v.Contains("offsets 10000..19999 were never committed (a gap)"));
    }

    [Fact]
    public void A_visible_file_no_commit_lists_is_a_violation_and_repair_removes_it()
    {
        var lake = Copy("verify-stray");
        var stray = Path.Combine(lake, "events/event_type=order_placed/dt=2026-09-02/stray.parquet");
        File.Copy(Directory.GetFiles(Path.Combine(lake, "events/event_type=order_placed"), "*.parquet", SearchOption.AllDirectories)[0], stray);

        Assert.Contains(LakeVerifier.Verify(lake).Violations, v => v.Contains("stray.parquet: visible to readers but no commit lists it"));
        var repaired = LakeVerifier.Verify(lake, repair: true);
        Assert.Equal(["events/event_type=order_placed/dt=2026-09-02/stray.parquet"], repaired.Repaired);
        Assert.False(File.Exists(stray));
        Assert.True(LakeVerifier.Verify(lake).IsClean);
    }
}

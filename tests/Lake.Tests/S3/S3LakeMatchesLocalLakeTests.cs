using Lake.Tests.Cli;
using Lake.Tests.Lake;

namespace Lake.Tests.S3;

/// <summary>
/// The lake contract on S3: the same input ingested by <c>lake ingest</c> into a folder and into S3 gives the same objects,
/// byte for byte (commit records differ only in staged_as), verifies clean, and answers queries the same way.
/// </summary>
public sealed class S3LakeMatchesLocalLakeTests(ShopOnBothStores lakes) : IClassFixture<ShopOnBothStores>
{
    [Fact]
    public async Task Every_object_of_the_s3_lake_has_the_key_and_md5_of_the_local_lake()
    {
        var local = await LakeObjects.Md5sAsync(lakes.Local);
        var s3 = await LakeObjects.Md5sAsync(lakes.S3Store);

        Assert.True(local.Remove(LakeObjects.LocalLock), "the local lake has its ingest lock file");
        Assert.Equal(local.Keys, s3.Keys);
        Assert.Equal(local, s3);
        Assert.True(s3.Keys.Count(k => k.EndsWith(".parquet", StringComparison.Ordinal)) > 300, $"{s3.Count} objects");
        Assert.Contains(s3.Keys, LakeObjects.IsCommitRecord);
        Assert.Contains(s3.Keys, k => k.StartsWith("_lake/catalog/", StringComparison.Ordinal));
    }

    [Fact]
    public void Both_ingests_report_the_same_counts()
    {
        static string Counts(string report) => string.Join('\n', report.Split('\n').Skip(1));
        Assert.Equal(Counts(lakes.LocalIngest.Out), Counts(lakes.S3Ingest.Out));
        Assert.Contains($"Ingested into {lakes.S3Lake} in", lakes.S3Ingest.Out);
    }

    [Fact]
    public void Verify_is_clean_on_both_lakes()
    {
        var local = LakeCli.InProcess("verify", "--lake", lakes.LocalLake);
        var s3 = LakeCli.InProcess("verify", "--lake", lakes.S3Lake);
        Assert.Equal(0, s3.ExitCode);
        Assert.StartsWith("clean: 1 source partition(s), 20,000 committed records", s3.Out);
        Assert.Equal(local.Out, s3.Out);
    }

    [Fact]
    public async Task Ingesting_the_same_file_into_s3_again_changes_no_object()
    {
        var before = await LakeObjects.Md5sAsync(lakes.S3Store);
        var again = LakeCli.InProcess("ingest", "--pipeline", lakes.Pipeline, "--source", "files:" + lakes.Input, "--lake", lakes.S3Lake);
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("(already committed, skipped: 20,000)", again.Out);
        Assert.Equal(before, await LakeObjects.Md5sAsync(lakes.S3Store));
    }

    [Fact]
    public void A_query_on_the_s3_lake_fetches_what_it_needs_into_the_cache_and_prints_what_the_local_lake_prints()
    {
        const string sql = "SELECT dt, currency, count(*) AS orders, sum(total) AS revenue FROM order_placed GROUP BY ALL ORDER BY dt, currency";
        var cache = lakes.Folder["cache-" + Guid.NewGuid().ToString("N")];
        var local = LakeCli.InProcess("query", "--lake", lakes.LocalLake, "--format", "csv", sql);
        var s3 = LakeCli.InProcess("query", "--lake", lakes.S3Lake, "--cache", cache, "--format", "csv", sql);

        Assert.Equal(0, s3.ExitCode);
        Assert.Equal(local.Out, s3.Out);
        Assert.Contains("lake: fetching from " + lakes.S3Lake, s3.Err);
        // Only the view the SQL names was fetched.
        Assert.Equal(["event_type=order_placed"], Directory.GetDirectories(Path.Combine(cache, "events")).Select(Path.GetFileName));
        Assert.False(Directory.Exists(Path.Combine(cache, "raw")));

        var again = LakeCli.InProcess("query", "--lake", lakes.S3Lake, "--cache", cache, "--format", "csv", sql);
        Assert.Equal(local.Out, again.Out);
        Assert.DoesNotContain("fetching", again.Err);

        using var duck = new Duck();
        Assert.Equal(0, duck.Scalar<long>($"SELECT count(*) FROM (SELECT * FROM {Duck.Events(cache, "order_placed")} EXCEPT ALL SELECT * FROM {Duck.Events(lakes.LocalLake, "order_placed")})"));
        Assert.Equal(duck.Scalar<long>($"SELECT count(*) FROM {Duck.Events(lakes.LocalLake, "order_placed")}"), duck.Scalar<long>($"SELECT count(*) FROM {Duck.Events(cache, "order_placed")}"));
    }
}

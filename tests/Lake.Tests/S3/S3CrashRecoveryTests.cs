using Lake.Ingest;
using Lake.Pipelines;
using Lake.S3;
using Lake.Tests.Cli;

namespace Lake.Tests.S3;

/// <summary>
/// Without rename, S3 data files sit under their final keys before their commit: what a crashed or fenced writer uploaded is
/// visible to a listing until recovery (or the writer itself) removes it, and never counts as part of the lake.
/// </summary>
public sealed class S3CrashRecoveryTests(ShopOnBothStores lakes, S3Server server) : IClassFixture<ShopOnBothStores>
{
    [Fact]
    public async Task Files_a_crashed_writer_left_under_final_keys_are_reported_by_verify_and_removed_by_the_next_ingest()
    {
        var bucket = server.NewBucket();
        var lake = $"s3://{bucket}/shop";
        Assert.Equal(0, LakeCli.InProcess("ingest", "--pipeline", lakes.Pipeline, "--source", "files:" + lakes.Input, "--lake", lake).ExitCode);
        using var store = new S3LakeStore(server.Options(bucket, "shop"));
        // What a writer that crashed after uploading, before committing, leaves: its next range, and a source never committed.
        string[] orphans =
        [
            "events/event_type=order_placed/dt=2026-09-01/shop.ndjson-p0-20000-e2-0.parquet",
            "raw/source=other.ndjson/dt=2026-09-01/other.ndjson-p0-0-e1-0.parquet",
        ];
        foreach (var key in orphans) await store.PutAsync(key, new byte[] { 1, 2, 3 });

        var verify = LakeCli.InProcess("verify", "--lake", lake);
        Assert.Equal(1, verify.ExitCode);
        Assert.All(orphans, key => Assert.Contains($"VIOLATION {key}: visible to readers but no commit lists it", verify.Out, StringComparison.Ordinal));

        var again = LakeCli.InProcess("ingest", "--pipeline", lakes.Pipeline, "--source", "files:" + lakes.Input, "--lake", lake);

        Assert.Equal(0, again.ExitCode);
        Assert.All(orphans, key => Assert.Null(store.StatAsync(key).GetAwaiter().GetResult()));
        Assert.Equal(await LakeObjects.Md5sAsync(lakes.S3Store), await LakeObjects.Md5sAsync(store));
        Assert.Equal(0, LakeCli.InProcess("verify", "--lake", lake).ExitCode);
    }

    [Fact]
    public async Task A_writer_fenced_by_a_newer_claim_cannot_commit_and_deletes_what_it_uploaded()
    {
        var tracker = new FaultyHttp(seed: 0, rate: 0);
        using var store = new S3LakeStore(server.Options(server.NewBucket()) with { HttpClientFactory = tracker });
        var pipeline = PipelineLoader.Load(lakes.Pipeline);
        var writer = new LakeWriter(pipeline.Catalog, store, new IngestOptions(), new IngestSummary());
        var (zombie, _) = await writer.Log.ClaimAsync("s", 0, "zombie");
        var unit = writer.Open(zombie);
        foreach (var (line, offset) in File.ReadLines(lakes.Input).Take(500).Select((l, i) => (l, (long)i)))
        {
            unit.Begin(offset);
            unit.Add(System.Text.Encoding.UTF8.GetBytes(line), offset, arrival: null);
            unit.End(offset);
        }
        await writer.Log.ClaimAsync("s", 0, "owner");

        Assert.Throws<CommitConflictException>(() => unit.Commit());

        Assert.Contains(tracker.Headers, r => r.StartsWith("PUT ", StringComparison.Ordinal) && r.Split('\n')[0].EndsWith(".parquet", StringComparison.Ordinal));
        Assert.Empty((await writer.Log.ReadAsync("s", 0)).Valid);
        await foreach (var o in store.ListAsync("")) Assert.StartsWith("_lake/claims/", o.Key);
    }
}

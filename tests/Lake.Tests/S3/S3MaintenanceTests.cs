using Lake.Tests.Cli;

namespace Lake.Tests.S3;

/// <summary>Compaction and replay on S3 (no rename) give the objects they give in a local folder, byte for byte.</summary>
public sealed class S3MaintenanceTests(S3Server server)
{
    [Fact]
    public async Task Compaction_and_replay_leave_the_same_objects_on_s3_as_in_a_folder_and_both_verify_clean()
    {
        using var folder = new TempFolder();
        var exports = folder["exports"];
        Directory.CreateDirectory(exports);
        var pipeline = Repo.Pipeline("shop");
        LakeCli.Succeeds("generate", "--pipeline", pipeline, "--events", "3000", "--seed", "9", "--out", Path.Combine(exports, "a.ndjson"));
        // A second export of the same events: two sources, so every curated partition has two files to merge.
        File.Copy(Path.Combine(exports, "a.ndjson"), Path.Combine(exports, "b.ndjson"));
        var local = folder["lake"];
        var bucket = server.NewBucket();
        var s3 = $"s3://{bucket}/shop";
        foreach (var lake in new[] { local, s3 })
        {
            LakeCli.Succeeds("ingest", "--pipeline", pipeline, "--source", "files:" + exports, "--lake", lake);
            var compact = LakeCli.Succeeds("compact", "--lake", lake, "--min-age", "0");
            Assert.Contains("duplicate(s) removed", compact, StringComparison.Ordinal);
            LakeCli.Succeeds("replay", "--pipeline", pipeline, "--lake", lake, "--from", "2026-09-05T00:00:00Z", "--to", "2026-09-09T00:00:00Z", "--min-age", "0");
            Assert.StartsWith("clean:", LakeCli.Succeeds("verify", "--lake", lake), StringComparison.Ordinal);
        }

        var localObjects = await LakeObjects.Md5sAsync(new global::Lake.Storage.LocalFolderStore(local));
        using var store = new global::Lake.S3.S3LakeStore(server.Options(bucket, "shop"));
        var s3Objects = await LakeObjects.Md5sAsync(store);
        Assert.True(localObjects.Remove(LakeObjects.LocalLock));
        Assert.Equal(localObjects, s3Objects);
        Assert.Contains(s3Objects.Keys, k => k.Contains("/compacted-", StringComparison.Ordinal));
        Assert.Contains(s3Objects.Keys, k => k.StartsWith("_lake/rewrites/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_projection_rebuilt_and_snapshotted_on_s3_has_the_bytes_of_the_local_one()
    {
        using var folder = new TempFolder();
        var pipeline = Repo.Pipeline("bank");
        var input = folder["bank.ndjson"];
        LakeCli.Succeeds("generate", "--pipeline", pipeline, "--events", "3000", "--seed", "8", "--out", input);
        var local = folder["lake"];
        var bucket = server.NewBucket();
        foreach (var lake in new[] { local, $"s3://{bucket}/bank" })
        {
            LakeCli.Succeeds("ingest", "--pipeline", pipeline, "--source", "files:" + input, "--lake", lake);
            LakeCli.Succeeds("snapshot", "--pipeline", pipeline, "--projection", "account_balance", "--as-of", "2026-02-01T00:00:00Z", "--lake", lake);
            var rebuilt = LakeCli.Succeeds("rebuild", "--pipeline", pipeline, "--projection", "account_balance", "--as-of", "2026-03-01T00:00:00Z", "--lake", lake);
            Assert.Contains("started from the checkpoint as of 2026-02-01", rebuilt, StringComparison.Ordinal);
        }

        var localObjects = await LakeObjects.Md5sAsync(new global::Lake.Storage.LocalFolderStore(local));
        using var store = new global::Lake.S3.S3LakeStore(server.Options(bucket, "bank"));
        var s3Objects = await LakeObjects.Md5sAsync(store);
        static bool Projection(string key) => key.StartsWith("snapshots/", StringComparison.Ordinal) || key.Contains("checkpoint", StringComparison.Ordinal);
        Assert.Equal(localObjects.Where(o => Projection(o.Key)), s3Objects.Where(o => Projection(o.Key)));
        Assert.Equal(2, s3Objects.Keys.Count(k => k.StartsWith("snapshots/projection=account_balance/", StringComparison.Ordinal) && k.EndsWith(".parquet", StringComparison.Ordinal)));
    }
}

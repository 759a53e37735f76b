using System.Security.Cryptography;
using Amazon.S3;
using Lake.Ingest;
using Lake.Parquet;
using Lake.Pipelines;
using Lake.S3;

namespace Lake.Tests.S3;

/// <summary>
/// S3 under faults (a seeded layer in the SDK's HTTP pipeline): 500s, 503 SlowDown, timeouts, resets before and after the server
/// acted. Ingestion must give exactly the lake a clean run gives; an upload that fails for good must leave nothing behind.
/// </summary>
public sealed class S3FaultTests(ShopOnBothStores lakes, S3Server server) : IClassFixture<ShopOnBothStores>
{
    private static byte[] Bytes(int length, int seed)
    {
        var b = new byte[length];
        new Random(seed).NextBytes(b);
        return b;
    }

    [Fact]
    public async Task Ingesting_while_a_fifth_of_requests_fail_gives_exactly_the_lake_of_a_clean_run()
    {
        var faults = new FaultyHttp(seed: 20261123, rate: 0.2);
        var log = new List<string>();
        using var store = new S3LakeStore(server.Options(server.NewBucket(), "shop") with { HttpClientFactory = faults }, line => { lock (log) log.Add(line); });
        var pipeline = PipelineLoader.Load(lakes.Pipeline);
        var options = new IngestOptions { Parquet = ParquetSettings.Parse("zstd"), PipelineDirectory = pipeline.Directory };

        var summary = new LakeIngestor(pipeline.Catalog, store, options).IngestFiles(SourceFile.Resolve(lakes.Input));

        Assert.Empty(summary.Errors);
        Assert.True(faults.Faults > 100, $"{faults.Faults} faults in {faults.Requests} requests");
        Assert.InRange(faults.Faults / (double)faults.Requests, 0.1, 0.3);
        foreach (var kind in new[] { "500 InternalError", "503 SlowDown", "timed out", "Connection reset by peer" })
            Assert.True(log.Any(l => l.Contains(kind, StringComparison.Ordinal)), $"no retry after '{kind}' in:\n{string.Join('\n', log.Take(40))}");
        Assert.Equal(await LakeObjects.Md5sAsync(lakes.S3Store), await LakeObjects.Md5sAsync(new S3LakeStore(server.Options(store.Options.Bucket, "shop"))));
        Assert.True((await LakeVerifier.VerifyAsync(store)).IsClean);
    }

    [Fact]
    public async Task A_multipart_object_written_while_a_fifth_of_requests_fail_has_the_same_md5_and_every_retried_part_resent_the_same_bytes()
    {
        // With this seed the first attempts of parts 2, 3, 4, 6 and 9 fail; those of 3 and 6 after the server stored them.
        var faults = new FaultyHttp(seed: 61, rate: 0.2);
        using var store = new S3LakeStore(server.Options(server.NewBucket()) with { PartSize = S3StoreOptions.MinPartSize, ParallelParts = 3, HttpClientFactory = faults });
        var content = Bytes((41 << 20) + 7, 8);
        await using (var writer = await store.CreateAsync("big/faulty.bin"))
        {
            for (var at = 0; at < content.Length; at += 1 << 20) await writer.WriteAsync(content.AsMemory(at, Math.Min(1 << 20, content.Length - at)));
            await writer.CompleteAsync();
        }

        Assert.Equal(Convert.ToHexStringLower(MD5.HashData(content)), Convert.ToHexStringLower(MD5.HashData((await store.ReadAsync("big/faulty.bin"))!)));
        Assert.Equal(9, faults.PartBodies.Count);
        Assert.True(faults.PartBodies.Values.Count(sent => sent.Count > 1) >= 5, string.Join(", ", faults.PartBodies.Select(p => $"{p.Key[^2..]}: {p.Value.Count}")));
        Assert.All(faults.PartBodies.Values, sent => Assert.Single(sent.Distinct()));
        Assert.True(faults.Faults > 0);
    }

    [Fact]
    public async Task A_completed_upload_whose_answer_was_lost_is_recognised_when_the_retry_finds_no_upload()
    {
        var faults = new FaultyHttp(seed: 1, rate: 0)
        {
            LoseAnswerOnce = r => r.Method == HttpMethod.Post && r.RequestUri!.Query.Contains("uploadId=", StringComparison.Ordinal),
        };
        using var store = new S3LakeStore(server.Options(server.NewBucket()) with { PartSize = S3StoreOptions.MinPartSize, HttpClientFactory = faults });
        var content = Bytes(11 << 20, 9);
        await using (var writer = await store.CreateAsync("lost/answer.bin"))
        {
            await writer.WriteAsync(content);
            await writer.CompleteAsync();
        }
        Assert.Equal(1, faults.Faults);
        Assert.Equal(Convert.ToHexStringLower(MD5.HashData(content)), Convert.ToHexStringLower(MD5.HashData((await store.ReadAsync("lost/answer.bin"))!)));
    }

    [Fact]
    public async Task Bytes_changed_on_the_way_are_caught_by_their_md5_and_sent_again()
    {
        var faults = new FaultyHttp(seed: 6, rate: 0) { CorruptOnce = r => r.Method == HttpMethod.Put };
        var log = new List<string>();
        using var store = new S3LakeStore(server.Options(server.NewBucket()) with { PartSize = S3StoreOptions.MinPartSize, HttpClientFactory = faults }, line => { lock (log) log.Add(line); });
        var small = Bytes(50_000, 11);
        var large = Bytes(12 << 20, 12);
        await store.PutAsync("corrupt/small.bin", small);
        await using (var writer = await store.CreateAsync("corrupt/large.bin"))
        {
            await writer.WriteAsync(large);
            await writer.CompleteAsync();
        }

        Assert.Equal(4, faults.Faults); // one put, three parts
        Assert.Equal(4, log.Count(l => l.Contains("the store kept other bytes than were sent", StringComparison.Ordinal)));
        Assert.Equal(Convert.ToHexStringLower(MD5.HashData(small)), Convert.ToHexStringLower(MD5.HashData((await store.ReadAsync("corrupt/small.bin"))!)));
        Assert.Equal(Convert.ToHexStringLower(MD5.HashData(large)), Convert.ToHexStringLower(MD5.HashData((await store.ReadAsync("corrupt/large.bin"))!)));
    }

    [Fact]
    public async Task A_multipart_upload_that_fails_for_good_leaves_no_object_and_aborts_the_upload()
    {
        var faults = new FaultyHttp(seed: 2, rate: 0)
        {
            AlwaysFail = r => r.Method == HttpMethod.Put && r.RequestUri!.Query.Contains("partNumber=2", StringComparison.Ordinal),
        };
        var log = new List<string>();
        using var store = new S3LakeStore(server.Options(server.NewBucket()) with { PartSize = S3StoreOptions.MinPartSize, MaxRetries = 3, HttpClientFactory = faults }, line => { lock (log) log.Add(line); });
        var content = Bytes(17 << 20, 10);

        var failure = await Assert.ThrowsAsync<IOException>(async () =>
        {
            await using var writer = await store.CreateAsync("doomed/object.bin");
            await writer.WriteAsync(content);
            await writer.CompleteAsync();
        });

        Assert.Contains("upload part 2", failure.ToString(), StringComparison.Ordinal);
        Assert.Equal(4, faults.PartBodies.Single(p => p.Key.EndsWith("#2", StringComparison.Ordinal)).Value.Count);
        Assert.Null(await store.StatAsync("doomed/object.bin"));
        await foreach (var o in store.ListAsync("")) Assert.Fail($"unexpected object {o.Key}");
        var upload = Assert.Single(faults.Started);
        Assert.Empty(faults.Completed);
        Assert.Equal([upload], faults.AbortsSent);
        // s3rver implements neither AbortMultipartUpload nor ListMultipartUploads: the abort above is the store's whole part;
        // where the server lists uploads, none may remain.
        using var client = server.Client();
        try
        {
            var uploads = await client.ListMultipartUploadsAsync(store.Options.Bucket);
            Assert.Empty(uploads.MultipartUploads ?? []);
        }
        catch (AmazonS3Exception e) when (e.ErrorCode == "NotImplemented")
        {
            Assert.Contains(log, l => l.Contains("could not abort the multipart upload of", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task A_request_that_hangs_is_abandoned_at_the_request_timeout_and_retried()
    {
        var faults = new FaultyHttp(seed: 3, rate: 0) { HangOnce = r => r.Method == HttpMethod.Put };
        var log = new List<string>();
        using var store = new S3LakeStore(server.Options(server.NewBucket()) with { RequestTimeout = TimeSpan.FromSeconds(1), HttpClientFactory = faults }, line => { lock (log) log.Add(line); });
        await store.PutAsync("slow/one.json", "{}"u8.ToArray());
        Assert.Equal("{}"u8.ToArray(), await store.ReadAsync("slow/one.json"));
        Assert.Equal(1, faults.Faults);
        Assert.Contains(log, l => l.Contains("retry 1 of", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_client_error_is_not_retried()
    {
        var faults = new FaultyHttp(seed: 4, rate: 0);
        using var store = new S3LakeStore(server.Options("no-such-bucket-" + Guid.NewGuid().ToString("N")[..8]) with { HttpClientFactory = faults });
        var e = await Assert.ThrowsAsync<IOException>(() => store.PutAsync("a.json", new byte[1]));
        Assert.Contains("NoSuchBucket", e.Message, StringComparison.Ordinal);
        Assert.Equal(1, faults.Requests);
    }
}

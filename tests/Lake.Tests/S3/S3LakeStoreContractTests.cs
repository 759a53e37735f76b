using Lake.S3;
using Lake.Storage;

namespace Lake.Tests.S3;

/// <summary>
/// The store contract on the local S3 server: 5 MiB parts (S3's minimum) so large objects go multipart, two parts in flight.
/// Listing pages are tested on their own: s3rver pages by "start after the last key" over its folders' order, which differs
/// from key order when a file name extends a folder's name with a character below '/' (a/b-1.json vs a/b/c.json), and then
/// loses keys across pages; AWS S3 has no such folders.
/// </summary>
public sealed class S3LakeStoreContractTests : StoreContract, IDisposable
{
    private readonly S3LakeStore _store;

    public S3LakeStoreContractTests(S3Server server)
    {
        Server = server;
        Tracker = new FaultyHttp(seed: 0, rate: 0);
        _store = new S3LakeStore(server.Options(server.NewBucket()) with { PartSize = S3StoreOptions.MinPartSize, ParallelParts = 2, HttpClientFactory = Tracker });
    }

    private S3Server Server { get; }
    private FaultyHttp Tracker { get; }
    protected override ILakeStore Store => _store;

    [Fact]
    public async Task A_large_object_goes_up_in_parts_and_a_small_one_in_a_single_put()
    {
        var large = new byte[LargeSize];
        await using (var writer = await Store.CreateAsync("m/large.bin"))
        {
            await writer.WriteAsync(large);
            await writer.CompleteAsync();
        }
        await Store.PutAsync("m/small.bin", new byte[100]);
        var upload = Assert.Single(Tracker.Started);
        Assert.Equal([upload], Tracker.Completed);
        Assert.Equal(4, Tracker.PartBodies.Keys.Count(k => k.StartsWith(upload, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_writer_disposed_before_completion_aborts_its_multipart_upload()
    {
        await using (var writer = await Store.CreateAsync("x/abandoned.parquet"))
        {
            await writer.WriteAsync(new byte[11 << 20]);
        }
        var upload = Assert.Single(Tracker.Started);
        Assert.Empty(Tracker.Completed);
        Assert.Equal([upload], Tracker.AbortsSent);
    }

    [Fact]
    public async Task A_listing_longer_than_a_page_follows_continuation_tokens_to_the_last_key()
    {
        using var paged = new S3LakeStore(Server.Options(_store.Options.Bucket) with { ListPageSize = 4 });
        var keys = Enumerable.Range(0, 25).Select(i => $"page/dt=2026-01-{i + 1:D2}.json").ToList();
        foreach (var k in keys) await paged.PutAsync(k, new byte[3]);
        var listed = new List<string>();
        await foreach (var o in paged.ListAsync("page/")) listed.Add(o.Key);
        Assert.Equal(keys, listed);
    }

    [Fact]
    public void The_lake_location_names_bucket_and_prefix() =>
        Assert.Equal($"s3://{_store.Options.Bucket}/lake", Store.Location);

    public void Dispose() => _store.Dispose();
}

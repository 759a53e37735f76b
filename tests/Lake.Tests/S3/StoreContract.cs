using System.Security.Cryptography;
using System.Text;
using Lake.Storage;

namespace Lake.Tests.S3;

/// <summary>
/// What every lake store promises (ILakeStore), run against each implementation: a subclass supplies the store. Objects are
/// checked by their bytes (MD5 / SHA-256 of what is read back), never by what the store says it wrote.
/// </summary>
public abstract class StoreContract
{
    /// <summary>Bigger than three 5 MiB parts, so an S3 store with the minimum part size uploads it in four.</summary>
    protected const int LargeSize = (18 << 20) + 12_345;

    protected abstract ILakeStore Store { get; }

    private static byte[] Bytes(int length, int seed)
    {
        var b = new byte[length];
        new Random(seed).NextBytes(b);
        return b;
    }

    private static string Md5(byte[] b) => Convert.ToHexStringLower(MD5.HashData(b));

    private async Task<List<StoredObject>> List(string prefix)
    {
        var found = new List<StoredObject>();
        await foreach (var o in Store.ListAsync(prefix)) found.Add(o);
        return found;
    }

    [Fact]
    public async Task An_object_put_reads_back_with_the_same_bytes_and_a_missing_one_reads_as_null()
    {
        var content = Bytes(70_000, 1);
        await Store.PutAsync("zone/dt=2026-01-01/a.parquet", content);
        Assert.Equal(Md5(content), Md5((await Store.ReadAsync("zone/dt=2026-01-01/a.parquet"))!));
        await using (var stream = await Store.OpenReadAsync("zone/dt=2026-01-01/a.parquet"))
        using (var copy = new MemoryStream())
        {
            await stream.CopyToAsync(copy);
            Assert.Equal(Md5(content), Md5(copy.ToArray()));
        }
        Assert.Null(await Store.ReadAsync("zone/dt=2026-01-01/missing.parquet"));
        await Assert.ThrowsAsync<FileNotFoundException>(() => Store.OpenReadAsync("zone/missing/b.parquet"));
    }

    [Fact]
    public async Task A_put_replaces_the_object_of_the_same_key()
    {
        await Store.PutAsync("k/v.json", Encoding.UTF8.GetBytes("first, longer content"));
        await Store.PutAsync("k/v.json", Encoding.UTF8.GetBytes("second"));
        Assert.Equal("second", Encoding.UTF8.GetString((await Store.ReadAsync("k/v.json"))!));
        Assert.Equal(6, (await Store.StatAsync("k/v.json"))!.Value.Size);
    }

    [Fact]
    public async Task Listing_returns_every_object_under_the_prefix_at_any_depth_in_ordinal_order()
    {
        string[] keys = ["a/b/c.json", "a/B.json", "a/b-1.json", "a/b.json", "a/b_/x.json", "a/a/a/a/deep.json", "a/.hidden.json.inprogress", "ab.json", "b/a.json"];
        foreach (var (k, i) in keys.Select((k, i) => (k, i))) await Store.PutAsync(k, Bytes(10 + i, i));

        var under = await List("a/");
        Assert.Equal(keys.Where(k => k.StartsWith("a/", StringComparison.Ordinal)).Order(StringComparer.Ordinal), under.Select(o => o.Key));
        Assert.Equal(under.Select(o => 10L + Array.IndexOf(keys, o.Key)), under.Select(o => o.Size));
        Assert.Equal(keys.Order(StringComparer.Ordinal), (await List("")).Select(o => o.Key));
        Assert.Equal(["a/b-1.json", "a/b.json", "a/b/c.json", "a/b_/x.json"], (await List("a/b")).Select(o => o.Key));
        Assert.Empty(await List("c/"));
    }

    [Fact]
    public async Task Stat_gives_an_objects_size_and_write_time_and_null_for_a_missing_key()
    {
        var before = DateTime.UtcNow.AddSeconds(-2);
        await Store.PutAsync("s/one.bin", Bytes(12_345, 2));
        var stat = await Store.StatAsync("s/one.bin");
        Assert.Equal(("s/one.bin", 12_345L), (stat?.Key, stat?.Size));
        // Compaction and replay leave files younger than their minimum age alone: stores must say when an object was written.
        Assert.InRange(stat!.Value.Modified!.Value, before, DateTime.UtcNow.AddSeconds(2));
        Assert.Equal(stat.Value.Modified, (await List("s/")).Single().Modified);
        Assert.Null(await Store.StatAsync("s/two.bin"));
        Assert.Null(await Store.StatAsync("nowhere/two.bin"));
    }

    [Fact]
    public async Task Deleting_removes_the_object_and_deleting_it_again_or_a_missing_key_is_not_an_error()
    {
        await Store.PutAsync("d/x.bin", Bytes(10, 3));
        await Store.DeleteAsync("d/x.bin");
        Assert.Null(await Store.StatAsync("d/x.bin"));
        await Store.DeleteAsync("d/x.bin");
        await Store.DeleteAsync("never/written.bin");
        Assert.Empty(await List("d/"));
    }

    [Fact]
    public async Task A_written_object_is_invisible_until_complete_and_then_has_the_sha256_of_its_bytes()
    {
        var content = Bytes(300_000, 4);
        await using var writer = await Store.CreateAsync("w/part-0.parquet");
        writer.Write(content.AsSpan(0, 1000));
        await writer.WriteAsync(content.AsMemory(1000));
        Assert.Null(await Store.StatAsync("w/part-0.parquet"));
        Assert.DoesNotContain(await List("w/"), o => o.Key == "w/part-0.parquet");

        var written = await writer.CompleteAsync();

        Assert.Equal(content.Length, written.Size);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(content)), written.Sha256);
        Assert.Equal(Md5(content), Md5((await Store.ReadAsync("w/part-0.parquet"))!));
        Assert.Equal(["w/part-0.parquet"], (await List("w/")).Select(o => o.Key));
    }

    [Fact]
    public async Task Objects_written_as_a_batch_are_visible_once_complete_and_a_sync_after_them_succeeds()
    {
        var contents = Enumerable.Range(0, 5).Select(i => Bytes(1_000 + i * 7_000, 10 + i)).ToList();
        for (var i = 0; i < contents.Count; i++)
        {
            await using var writer = await Store.CreateBatchedAsync($"batch/part-{i}.parquet");
            await writer.WriteAsync(contents[i]);
            Assert.Null(await Store.StatAsync($"batch/part-{i}.parquet"));
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(contents[i])), (await writer.CompleteAsync()).Sha256);
        }

        await Store.SyncAsync(contents.Select((_, i) => $"batch/part-{i}.parquet").ToList());

        for (var i = 0; i < contents.Count; i++) Assert.Equal(Md5(contents[i]), Md5((await Store.ReadAsync($"batch/part-{i}.parquet"))!));
    }

    [Fact]
    public async Task Many_objects_written_at_once_into_folders_that_do_not_exist_yet_all_arrive() =>
        await WriteAtOnceIntoNewFolders(folders: 8, writersPerFolder: 8);

    /// <summary>Writers started together, several per folder, into folders that do not exist yet; every object must arrive.</summary>
    protected async Task WriteAtOnceIntoNewFolders(int folders, int writersPerFolder)
    {
        var keys = new List<string>();
        for (var f = 0; f < folders; f++)
        {
            var batch = Enumerable.Range(0, writersPerFolder).Select(w => $"events/event_type=t{f}/dt=2026-01-01/.f{w}.parquet.inprogress").ToList();
            using var start = new Barrier(writersPerFolder);
            await Task.WhenAll(batch.Select(key => Task.Run(async () =>
            {
                start.SignalAndWait();
                await using var writer = await Store.CreateBatchedAsync(key);
                await writer.WriteAsync(Encoding.UTF8.GetBytes(key));
                await writer.CompleteAsync();
            })));
            keys.AddRange(batch);
        }
        await Store.SyncAsync(keys);

        foreach (var key in keys) Assert.Equal(key, Encoding.UTF8.GetString((await Store.ReadAsync(key))!));
    }

    [Fact]
    public async Task A_hidden_object_abandoned_before_completion_leaves_nothing_and_can_be_written_again()
    {
        // Hidden (staged) keys are written in place on a local folder: an abandoned one must still leave nothing behind.
        const string key = "raw/source=s/dt=2026-01-01/.s-p0-0-e1-0.parquet.inprogress";
        await using (var writer = await Store.CreateBatchedAsync(key))
        {
            await writer.WriteAsync(Bytes(10_000, 3));
        }
        Assert.Null(await Store.StatAsync(key));

        var content = Bytes(2_000, 4);
        await using (var writer = await Store.CreateBatchedAsync(key))
        {
            await writer.WriteAsync(content);
            await writer.CompleteAsync();
        }
        Assert.Equal(Md5(content), Md5((await Store.ReadAsync(key))!));
    }

    [Fact]
    public async Task A_writer_disposed_before_completion_leaves_no_object_behind()
    {
        var content = Bytes(LargeSize, 5);
        await using (var writer = await Store.CreateAsync("x/abandoned.parquet"))
        {
            await writer.WriteAsync(content.AsMemory(0, 12 << 20));
        }
        await using (var small = await Store.CreateAsync("x/small.parquet"))
        {
            small.Write(content.AsSpan(0, 100));
        }
        Assert.Null(await Store.StatAsync("x/abandoned.parquet"));
        Assert.Null(await Store.StatAsync("x/small.parquet"));
        Assert.Empty(await List("x/"));
    }

    [Fact]
    public async Task A_large_object_written_in_uneven_pieces_reads_back_with_the_same_md5()
    {
        var content = Bytes(LargeSize, 6);
        var sizes = new Random(7);
        await using (var writer = await Store.CreateAsync("big/object.bin"))
        {
            for (var at = 0; at < content.Length;)
            {
                var n = Math.Min(content.Length - at, sizes.Next(1, 3 << 20));
                if (n % 2 == 0) writer.Write(content.AsSpan(at, n));
                else await writer.WriteAsync(content.AsMemory(at, n));
                at += n;
            }
            var written = await writer.CompleteAsync();
            Assert.Equal(content.Length, written.Size);
        }
        Assert.Equal(Md5(content), Md5((await Store.ReadAsync("big/object.bin"))!));
        Assert.Equal(content.Length, (await Store.StatAsync("big/object.bin"))!.Value.Size);
    }

    [Fact]
    public async Task Keys_that_could_leave_the_lake_root_are_refused()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.PutAsync("../outside.json", new byte[1]));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.PutAsync("/absolute.json", new byte[1]));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.ReadAsync("a/./b.json"));
    }
}

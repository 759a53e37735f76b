using Lake.Projections;
using Lake.Projections.Rebuild;
using Lake.Projections.Sharding;
using Lake.Projections.Snapshots;
using Lake.Storage;
using Lake.Tests.Cli;

namespace Lake.Tests.Projections;

/// <summary>
/// Keys split by hash: shards partition the keys, key-partitioned passes bound the keys in memory, and merged shard parts are
/// the very snapshot a single rebuild writes (byte for byte), with a checkpoint a later rebuild can reuse.
/// </summary>
public sealed class KeyShardTests(ShopProjectionLake shop) : IClassFixture<ShopProjectionLake>
{
    private static readonly DateTime AsOf = new(2026, 10, 10, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void The_shards_of_n_partition_the_keys_and_each_shard_is_exactly_its_two_halves()
    {
        var keys = Enumerable.Range(0, 20_000).Select(i => $"c-{i:D6}").Append("").Append("ключ-é").ToList();
        foreach (var n in new[] { 1, 2, 3, 8 })
        {
            var counts = new int[n];
            foreach (var k in keys)
            {
                var holders = Enumerable.Range(0, n).Where(i => new KeyShard(i, n).Contains(k)).ToList();
                Assert.Single(holders);
                counts[holders[0]]++;
                var (lower, upper) = new KeyShard(holders[0], n).Split();
                Assert.True(lower.Contains(k) ^ upper.Contains(k), $"{k}: exactly one half of {holders[0]}/{n} holds it");
            }
            // A usable hash spreads keys evenly: every shard within 10% of its share.
            Assert.All(counts, c => Assert.InRange(c, keys.Count / n * 0.9, keys.Count / n * 1.1));
        }
        Assert.Equal(new KeyShard(2, 8), KeyShard.Parse("2/8"));
        Assert.Contains("0 <= i < n", Assert.Throws<FormatException>(() => KeyShard.Parse("8/8")).Message);
    }

    [Theory]
    [InlineData("order_status", 300)]
    [InlineData("customer_summary", 150)]
    public void A_rebuild_under_a_key_budget_folds_in_passes_holds_at_most_the_budget_and_writes_the_same_bytes(string name, int budget)
    {
        var projection = Projections.Load(shop, name);
        var store = new LocalFolderStore(shop.Lake);
        using var whole = Projections.Rebuild(store, projection, new RebuildRequest(AsOf) { UseCheckpoints = false });
        Assert.True(whole.Rows > budget * 4, $"{whole.Rows} keys: the budget must force several passes");

        var reports = new List<RebuildProgress>();
        using var bounded = Projections.Rebuild(store, projection, new RebuildRequest(AsOf) { UseCheckpoints = false, MaxKeys = budget }, new SyncProgress(reports.Add));

        Assert.Null(bounded.State);
        Assert.True(bounded.Passes >= whole.Rows / budget, $"{bounded.Passes} passes for {whole.Rows} keys under a budget of {budget}");
        Assert.All(reports, r => Assert.True(r.Keys <= budget, $"pass {r.Pass} held {r.Keys} keys"));
        Assert.Equal(whole.Rows, bounded.Rows);
        Assert.Equal(whole.EventsApplied, bounded.EventsApplied);
        Assert.Equal(whole.SnapshotBytes(), bounded.SnapshotBytes());
        var spill = bounded.SpillFolder!;
        Assert.True(Directory.Exists(spill));
        bounded.Dispose();
        Assert.False(Directory.Exists(spill), "disposing the result removes its spilled parts");
    }

    [Theory]
    [InlineData("order_status")]
    [InlineData("customer_summary")]
    public void Shard_parts_built_separately_merge_into_the_single_rebuilds_snapshot_and_a_reusable_checkpoint(string name)
    {
        var projection = Projections.Load(shop, name);
        using var temp = new TempFolder();
        var (lake, store) = CopyOfLake(temp);
        using var whole = Projections.Rebuild(store, projection, new RebuildRequest(AsOf) { UseCheckpoints = false });

        var sharded = new ShardedSnapshot(store, projection, AsOf, null, 3, "r1");
        // What other rounds left: a day-old abandoned part goes with this round's merge, a fresh one (a round still running) stays.
        var abandoned = Path.Combine(lake, sharded.Folder.Replace("round=r1", "round=r0"), "part-00000-of-00003.parquet");
        var running = Path.Combine(lake, sharded.Folder.Replace("round=r1", "round=r2"), "part-00000-of-00003.parquet");
        foreach (var f in new[] { abandoned, running }) { Directory.CreateDirectory(Path.GetDirectoryName(f)!); File.WriteAllText(f, "x"); }
        File.SetLastWriteTimeUtc(abandoned, DateTime.UtcNow.AddDays(-2));
        // Out of order, as free servers would take them; the merge waits for all three.
        Assert.True(sharded.BuildPartAsync(2).GetAwaiter().GetResult() > 0);
        Assert.True(sharded.BuildPartAsync(0).GetAwaiter().GetResult() > 0);
        Assert.Null(sharded.TryMergeAsync().GetAwaiter().GetResult());
        sharded.BuildPartAsync(1).GetAwaiter().GetResult();
        var merged = sharded.TryMergeAsync().GetAwaiter().GetResult();

        Assert.NotNull(merged);
        Assert.Equal(whole.Rows, merged.Value.Rows);
        Assert.Equal(whole.SnapshotBytes(), File.ReadAllBytes(Path.Combine(lake, merged.Value.Snapshot)));
        Assert.Empty(Directory.GetFiles(Path.Combine(lake, sharded.Folder), "part-*"));
        Assert.False(File.Exists(abandoned));
        Assert.True(File.Exists(running));
        Assert.True(sharded.IsMergedAsync().GetAwaiter().GetResult());
        Assert.Equal(-1, sharded.TryMergeAsync().GetAwaiter().GetResult()!.Value.Rows);

        // The merge's checkpoint is reused, whole and by a shard, and gives what a full replay gives.
        var later = AsOf.AddDays(2);
        using var resumed = Projections.Rebuild(store, projection, new RebuildRequest(later));
        using var full = Projections.Rebuild(store, projection, new RebuildRequest(later) { UseCheckpoints = false });
        Assert.Equal(AsOf, resumed.StartedFrom?.AsOf);
        Assert.Equal(full.SnapshotBytes(), resumed.SnapshotBytes());
        var part = new ShardedSnapshot(store, projection, later, null, 2, "r2");
        part.BuildPartAsync(0).GetAwaiter().GetResult();
        part.BuildPartAsync(1).GetAwaiter().GetResult();
        Assert.Equal(full.SnapshotBytes(), File.ReadAllBytes(Path.Combine(lake, part.TryMergeAsync().GetAwaiter().GetResult()!.Value.Snapshot)));
    }

    [Theory]
    [InlineData("order_status", 2)]
    [InlineData("order_status", 8)]
    [InlineData("customer_summary", 4)]
    public void Folding_keys_on_several_threads_gives_the_same_bytes_whole_and_for_a_shard(string name, int threads)
    {
        var projection = Projections.Load(shop, name);
        var store = new LocalFolderStore(shop.Lake);
        byte[] Rebuild(int foldThreads, KeyShard shard)
        {
            using var r = Projections.Rebuild(store, projection, new RebuildRequest(AsOf) { UseCheckpoints = false, FoldThreads = foldThreads, Shard = shard });
            return r.SnapshotBytes();
        }

        Assert.Equal(Rebuild(1, KeyShard.All), Rebuild(threads, KeyShard.All));
        Assert.Equal(Rebuild(1, new KeyShard(1, 3)), Rebuild(threads, new KeyShard(1, 3)));
    }

    [Fact]
    public void A_part_stays_current_when_only_events_after_the_as_of_are_committed_and_goes_stale_when_one_before_it_is()
    {
        var projection = Projections.Load(shop, "order_status");
        using var temp = new TempFolder();
        var (lake, store) = CopyOfLake(temp);
        var sharded = new ShardedSnapshot(store, projection, AsOf, null, 2, "r1");
        sharded.BuildPartAsync(0).GetAwaiter().GetResult();
        // Re-sent events (new files, as ingestion keeps committing) that occurred after the as-of change nothing it folds.
        string Resend(string name, Func<DateTime, bool> keep)
        {
            var lines = File.ReadLines(shop.Input).Where(l => Occurred(l) is { } t && keep(t)).Take(200).ToList();
            Assert.NotEmpty(lines);
            File.WriteAllLines(temp[name], lines);
            return LakeCli.Succeeds("ingest", "--pipeline", shop.Pipeline.Directory, "--source", "files:" + temp[name], "--lake", lake);
        }
        Resend("later.ndjson", t => t > AsOf.AddDays(1));

        Assert.Empty(sharded.StalePartsAsync().GetAwaiter().GetResult());
        Resend("earlier.ndjson", t => t < AsOf.AddDays(-1));
        Assert.Equal([0], sharded.StalePartsAsync().GetAwaiter().GetResult());
    }

    [Fact]
    public void A_budget_holds_when_the_rebuild_starts_from_a_checkpoint_and_a_merge_of_many_passes_goes_in_rounds()
    {
        var projection = Projections.Load(shop, "order_status");
        using var temp = new TempFolder();
        var (lake, store) = CopyOfLake(temp);
        using (var at = Projections.Rebuild(store, projection, new RebuildRequest(AsOf.AddDays(-3)) { UseCheckpoints = false }))
            new CheckpointStore(store).SaveAsync(at).GetAwaiter().GetResult();
        using var whole = Projections.Rebuild(store, projection, new RebuildRequest(AsOf) { UseCheckpoints = false });
        // Small enough for more than 64 passes: the merge then goes in rounds of 64 parts.
        var budget = (int)(whole.Rows / 100);

        var reports = new List<RebuildProgress>();
        using var bounded = Projections.Rebuild(store, projection, new RebuildRequest(AsOf) { MaxKeys = budget }, new SyncProgress(reports.Add));

        Assert.NotNull(bounded.StartedFrom);
        Assert.True(bounded.Passes > 64, $"{bounded.Passes} passes");
        Assert.All(reports, r => Assert.True(r.Keys <= budget, $"pass {r.Pass} held {r.Keys} keys"));
        Assert.Equal(whole.SnapshotBytes(), bounded.SnapshotBytes());
    }

    /// <summary>A copy of the shared lake, for tests that write into it (parts, checkpoints, commits).</summary>
    private (string Lake, LocalFolderStore Store) CopyOfLake(TempFolder temp)
    {
        var lake = temp.Copy(shop.Lake, "lake");
        return (lake, new LocalFolderStore(lake));
    }

    private static DateTime? Occurred(string line)
    {
        try
        {
            using var doc = System.Text.Json.JsonDocument.Parse(line);
            return doc.RootElement.GetProperty("metadata").GetProperty("occurred_at").GetDateTime().ToUniversalTime();
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    [Fact]
    public void Parts_built_from_different_lake_contents_are_not_merged()
    {
        var projection = Projections.Load(shop, "order_status");
        using var temp = new TempFolder();
        var (lake, store) = CopyOfLake(temp);
        var sharded = new ShardedSnapshot(store, projection, AsOf, null, 2, "r1");
        sharded.BuildPartAsync(0).GetAwaiter().GetResult();
        // The lake changes between the two shards (a commit record removed here; a late event committed is the same in reverse).
        var commit = Directory.GetFiles(Path.Combine(lake, "_lake", "commits"), "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Last();
        File.Delete(commit);
        sharded.BuildPartAsync(1).GetAwaiter().GetResult();

        var error = Assert.Throws<ProjectionException>(() => sharded.TryMergeAsync().GetAwaiter().GetResult());
        Assert.Contains("saw different lake contents", error.Message);
        Assert.False(File.Exists(Path.Combine(lake, SnapshotPaths.Snapshot("order_status", AsOf, null))));
        // The part built before the change is the stale one; built again, the round merges.
        Assert.Equal([0], sharded.StalePartsAsync().GetAwaiter().GetResult());
        sharded.DiscardPartAsync(0).GetAwaiter().GetResult();
        sharded.BuildPartAsync(0).GetAwaiter().GetResult();
        Assert.NotNull(sharded.TryMergeAsync().GetAwaiter().GetResult());
    }

    private sealed class SyncProgress(Action<RebuildProgress> report) : IProgress<RebuildProgress>
    {
        public void Report(RebuildProgress value) => report(value);
    }
}

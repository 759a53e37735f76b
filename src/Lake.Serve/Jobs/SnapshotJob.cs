using System.Globalization;
using Lake.Projections.Rebuild;
using Lake.Projections.Snapshots;

namespace Lake.Serve.Jobs;

/// <summary>
/// <c>snapshot</c>: a projection as of a time, written into the lake with a checkpoint (what <c>lake snapshot</c> does). With
/// <c>shards=n</c> it splits the keys into n hash shards run as <c>snapshot-shard</c> jobs on whichever servers are free, and a
/// <c>snapshot-merge</c> job that writes the same snapshot file once every part is in.
/// </summary>
public sealed class SnapshotJob : ILakeJob
{
    public string Name => "snapshot";
    public string Description => "projection=<name> [as_of=<time>, default: the last midnight UTC] [known_at=<time>] [shards=<n>] [max_keys=<keys in memory>]: write the snapshot and a checkpoint";

    public string Run(LakeJobContext context, CancellationToken ct)
    {
        var target = SnapshotTarget.From(context, DateTime.UtcNow);
        var shards = (int)context.Args.Number("shards", 1, 1, 4096);
        if (shards == 1)
        {
            using var result = new ProjectionRebuilder(context.Store, target.Projection)
                .RebuildAsync(new RebuildRequest(target.AsOf, target.KnownAt) { UseCheckpoints = true, MaxKeys = target.MaxKeys }, ct: ct).GetAwaiter().GetResult();
            var key = SnapshotPaths.Snapshot(result.Projection.Name, result.Request.AsOf, result.Request.KnownAt);
            var checkpoint = new CheckpointStore(context.Store).StoreSnapshotAsync(result, key, checkpoint: true, ct).GetAwaiter().GetResult();
            return $"{target.Projection.Name} as of {target.AsOf:O}: {result.Rows:N0} keys, {result.EventsApplied:N0} events applied; wrote {key}; checkpoint {checkpoint}";
        }

        // Every shard and the merge get absolute times and one round id: "the last midnight" must mean the same in all of them.
        var round = Guid.NewGuid().ToString("N")[..16];
        var args = target.Args(shards, round);
        if (context.Enqueue is null)
        {
            var sharded = target.Sharded(context, shards, round);
            for (var i = 0; i < shards; i++)
            {
                var rows = sharded.BuildPartAsync(i, target.MaxKeys, ct).GetAwaiter().GetResult();
                context.Progress($"shard {i + 1}/{shards}: {rows:N0} keys");
            }
            var (key, total) = sharded.TryMergeAsync(ct).GetAwaiter().GetResult() ?? throw new InvalidOperationException("a part of the snapshot is missing right after it was written");
            return $"{target.Projection.Name} as of {target.AsOf:O}: {total:N0} keys in {shards} shards; wrote {key} and a checkpoint";
        }
        var ids = new List<string>();
        for (var i = 0; i < shards; i++)
        {
            ids.Add(context.Enqueue("snapshot-shard", new Dictionary<string, string>(args) { ["shard"] = i.ToString(CultureInfo.InvariantCulture) }, TimeSpan.Zero));
        }
        var merge = context.Enqueue("snapshot-merge", args, TimeSpan.Zero);
        return $"{target.Projection.Name} as of {target.AsOf:O}: split into {shards} shard jobs ({string.Join(", ", ids)}) of round {round}; merge job {merge}";
    }
}

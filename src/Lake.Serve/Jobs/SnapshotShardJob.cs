namespace Lake.Serve.Jobs;

/// <summary><c>snapshot-shard</c>: one key-hash shard of a sharded <c>snapshot</c>, stored as a part for <c>snapshot-merge</c>.</summary>
public sealed class SnapshotShardJob : ILakeJob
{
    public string Name => "snapshot-shard";
    public string Description => "projection=<name> as_of=<time> [known_at=<time>] shards=<n> shard=<i> round=<id> [max_keys=<n>]: enqueued by snapshot shards=<n>";

    public string Run(LakeJobContext context, CancellationToken ct)
    {
        var target = SnapshotTarget.From(context, DateTime.UtcNow);
        var shards = (int)context.Args.Number("shards", 1, 1, 4096);
        context.Args.Require("shard", "shard=0");
        var shard = (int)context.Args.Number("shard", 0, 0, shards - 1);
        var sharded = target.Sharded(context, shards, context.Args.Require("round", "round=<id from the snapshot job>"));
        if (sharded.IsMergedAsync(ct).GetAwaiter().GetResult()) return $"round {sharded.Round} is already merged; nothing to do";
        var rows = sharded.BuildPartAsync(shard, target.MaxKeys, ct).GetAwaiter().GetResult();
        return $"{target.Projection.Name} shard {shard}/{shards} as of {target.AsOf:O}: {rows:N0} keys; part stored under {sharded.Folder}";
    }
}

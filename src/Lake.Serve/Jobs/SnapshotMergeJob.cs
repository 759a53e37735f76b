using System.Globalization;

namespace Lake.Serve.Jobs;

/// <summary>
/// <c>snapshot-merge</c>: merges a sharded snapshot's parts into the snapshot and a checkpoint once all are stored. Until then it
/// schedules itself again (one job waiting in the queue, not a worker blocked), up to <c>max_attempts</c> checks.
/// </summary>
public sealed class SnapshotMergeJob : ILakeJob
{
    public string Name => "snapshot-merge";
    public string Description => "projection=<name> as_of=<time> [known_at=<time>] shards=<n> round=<id> [recheck=<seconds, default 5>] [max_attempts=<default 720>]: enqueued by snapshot shards=<n>";

    public string Run(LakeJobContext context, CancellationToken ct)
    {
        var target = SnapshotTarget.From(context, DateTime.UtcNow);
        var shards = (int)context.Args.Number("shards", 1, 1, 4096);
        var sharded = target.Sharded(context, shards, context.Args.Require("round", "round=<id from the snapshot job>"));
        var attempt = context.Args.Number("attempt", 1, 1, int.MaxValue);
        var maxAttempts = context.Args.Number("max_attempts", 720, 1, int.MaxValue);
        var done = sharded.DonePartsAsync(ct).GetAwaiter().GetResult();
        if (done.Count == shards && sharded.StalePartsAsync(ct).GetAwaiter().GetResult() is { Count: > 0 } stale)
        {
            // The lake changed under some shards (a late event, a compaction, a replay), or a part does not match its record: build
            // those again from the lake as it is now, with the same arguments as the first time (the same lock, should both run).
            foreach (var i in stale) sharded.DiscardPartAsync(i, ct).GetAwaiter().GetResult();
            if (context.Enqueue is null) throw new InvalidOperationException($"round {sharded.Round}: parts {string.Join(", ", stale)} were built from other lake contents; run the snapshot again");
            foreach (var i in stale) context.Enqueue("snapshot-shard", new Dictionary<string, string>(target.Args(shards, sharded.Round)) { ["shard"] = i.ToString(CultureInfo.InvariantCulture) }, TimeSpan.Zero);
            done = [.. done.Except(stale)];
        }
        else if (sharded.TryMergeAsync(ct).GetAwaiter().GetResult() is { } merged)
        {
            return merged.Rows < 0 ? $"round {sharded.Round} is already merged into {merged.Snapshot}" : $"merged {shards} parts of round {sharded.Round}: {merged.Rows:N0} keys; wrote {merged.Snapshot} and a checkpoint";
        }
        var missing = string.Join(", ", Enumerable.Range(0, shards).Except(done));
        if (attempt >= maxAttempts || context.Enqueue is null)
        {
            throw new InvalidOperationException($"round {sharded.Round} of {target.Projection.Name}: {done.Count} of {shards} parts after {attempt} checks; missing shards {missing}. "
                + "Look for failed snapshot-shard jobs in the dashboard, or run the snapshot again");
        }
        var recheck = TimeSpan.FromSeconds(context.Args.Number("recheck", 5, 1, 3600));
        var next = new Dictionary<string, string>(context.Args.Values) { ["attempt"] = (attempt + 1).ToString(CultureInfo.InvariantCulture) };
        var id = context.Enqueue(Name, next, recheck);
        return $"waiting: {done.Count} of {shards} parts stored (missing {missing}); checks again in {recheck.TotalSeconds:F0} s as job {id}";
    }
}

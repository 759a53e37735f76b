using Lake.Projections;
using Lake.Projections.Rebuild;
using Lake.Projections.Snapshots;

namespace Lake.Serve.Jobs;

/// <summary><c>snapshot</c>: a projection as of a time, written into the lake with a checkpoint (what <c>lake snapshot</c> does).</summary>
public sealed class SnapshotJob : ILakeJob
{
    public string Name => "snapshot";
    public string Description => "projection=<name> [as_of=<time>, default: the last midnight UTC] [known_at=<time>]: write the snapshot and a checkpoint";

    public string Run(LakeJobContext context, CancellationToken ct)
    {
        var name = context.Args.Require("projection", "projection=account_balance");
        LoadedProjection projection;
        try { projection = ProjectionLoader.Find(context.Pipeline, name); }
        catch (ProjectionException e) { throw new JobArgumentException(e.Message); }
        var now = DateTime.UtcNow;
        // A nightly schedule snapshots "as of the previous midnight": the default when no as_of is given.
        var asOf = context.Args.Time("as_of", now) ?? now.Date;
        var knownAt = context.Args.Time("known_at", now);
        var result = new ProjectionRebuilder(context.Store, projection)
            .RebuildAsync(new RebuildRequest(asOf, knownAt) { UseCheckpoints = true }, ct: ct).GetAwaiter().GetResult();
        var bytes = SnapshotFile.WriteAsync(result.State, result.Metadata()).GetAwaiter().GetResult();
        var key = SnapshotPaths.Snapshot(result.Projection.Name, result.Request.AsOf, result.Request.KnownAt);
        context.Store.PutAsync(key, bytes, ct).GetAwaiter().GetResult();
        var checkpoint = new CheckpointStore(context.Store).SaveAsync(result).GetAwaiter().GetResult();
        return $"{name} as of {asOf:O}: {result.State.Count:N0} keys, {result.EventsApplied:N0} events applied; wrote {key}; checkpoint {checkpoint}";
    }
}

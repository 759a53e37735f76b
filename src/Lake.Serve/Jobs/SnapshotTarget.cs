using System.Globalization;
using Lake.Core.Data;
using Lake.Projections;
using Lake.Projections.Sharding;

namespace Lake.Serve.Jobs;

/// <summary>What the snapshot jobs share: the projection and times they read from their arguments.</summary>
internal sealed record SnapshotTarget(LoadedProjection Projection, DateTime AsOf, DateTime? KnownAt, int? MaxKeys)
{
    public static SnapshotTarget From(LakeJobContext context, DateTime now)
    {
        var name = context.Args.Require("projection", "projection=account_balance");
        LoadedProjection projection;
        try { projection = ProjectionLoader.Find(context.Pipeline, name); }
        catch (ProjectionException e) { throw new JobArgumentException(e.Message); }
        // A nightly schedule snapshots "as of the previous midnight": the default when no as_of is given.
        var asOf = context.Args.Time("as_of", now) ?? now.Date;
        var knownAt = context.Args.Time("known_at", now);
        var maxKeys = context.Args.Get("max_keys") is null ? (int?)null : (int)context.Args.Number("max_keys", 0, 1, int.MaxValue);
        return new SnapshotTarget(projection, asOf, knownAt, maxKeys);
    }

    public ShardedSnapshot Sharded(LakeJobContext context, int shards, string round)
    {
        try { return new ShardedSnapshot(context.Store, Projection, AsOf, KnownAt, shards, round); }
        catch (ArgumentException e) { throw new JobArgumentException(e.Message); }
    }

    /// <summary>The arguments of the shard and merge jobs of one round.</summary>
    public Dictionary<string, string> Args(int shards, string round)
    {
        var args = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["projection"] = Projection.Name,
            ["as_of"] = Timestamps.Format(AsOf),
            ["shards"] = shards.ToString(CultureInfo.InvariantCulture),
            ["round"] = round,
        };
        if (KnownAt is { } k) args["known_at"] = Timestamps.Format(k);
        if (MaxKeys is { } m) args["max_keys"] = m.ToString(CultureInfo.InvariantCulture);
        return args;
    }
}

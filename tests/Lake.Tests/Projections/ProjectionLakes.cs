using Lake.Projections;
using Lake.Projections.Rebuild;
using Lake.Projections.Snapshots;
using Lake.Storage;
using Lake.Tests.Lake;

namespace Lake.Tests.Projections;

/// <summary>A bank history with late (5%, up to 3 days) and duplicate (2%) events, ingested once and shared by the projection tests.</summary>
public sealed class BankProjectionLake() : IngestedHistory("bank", 40_000, 71, duplicateShare: 0.02, lateShare: 0.05)
{
    /// <summary>The generator's event-time span: 2026-01-01 plus 120 days, and up to 3 days of lateness after it.</summary>
    public static readonly DateTime Start = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    public static readonly DateTime End = Start.AddDays(124);
}

/// <summary>A shop history ingested once for the shop sample projections.</summary>
public sealed class ShopProjectionLake() : IngestedHistory("shop", 30_000, 72, duplicateShare: 0.02)
{
    public static readonly DateTime End = new DateTime(2026, 9, 1, 0, 0, 0, DateTimeKind.Utc).AddDays(64);
}

/// <summary>Rebuild helpers shared by the projection tests.</summary>
internal static class Projections
{
    public static LoadedProjection Load(IngestedHistory lake, string name) => ProjectionLoader.Find(lake.Pipeline, name);

    public static RebuildResult Rebuild(string lakeDir, LoadedProjection p, DateTime asOf, DateTime? knownAt, bool useCheckpoints = false) =>
        Rebuild(new LocalFolderStore(lakeDir), p, new RebuildRequest(asOf, knownAt) { UseCheckpoints = useCheckpoints });

    public static RebuildResult Rebuild(ILakeStore store, LoadedProjection p, RebuildRequest request, IProgress<RebuildProgress>? progress = null) =>
        new ProjectionRebuilder(store, p).RebuildAsync(request, progress).GetAwaiter().GetResult();

    public static byte[] Bytes(RebuildResult r) => r.SnapshotBytes();

    /// <summary>Writes the snapshot to a file DuckDB can read and returns its path.</summary>
    public static string WriteSnapshot(RebuildResult r, string folder)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, SnapshotPaths.Times(r.Request.AsOf, r.Request.KnownAt).Replace('/', '_') + ".parquet");
        File.WriteAllBytes(path, Bytes(r));
        return path;
    }

    /// <summary>A value as DuckDB.NET returns it, normalised so snapshot and SQL results compare (timestamps as UTC ticks).</summary>
    public static object? Normal(object? v) => v switch
    {
        null => null,
        DateTime d => d.Ticks,
        DateTimeOffset o => o.UtcTicks,
        decimal m => m / 1.000000000000000000000000000000000m,
        int or long or short => Convert.ToInt64(v),
        System.Numerics.BigInteger b => (long)b,
        _ => v,
    };

    /// <summary>
    /// A time as microseconds since the epoch, compared with <c>epoch_us(column)</c>: the lake's files (Parquet.Net 6.1.0) carry
    /// timestamp statistics in milliseconds, so a plain <c>recorded_at &gt; t</c> lets DuckDB skip row groups it must read.
    /// </summary>
    public static long Us(DateTime t) => (t.Ticks - DateTime.UnixEpoch.Ticks) / 10;
}

using Lake.Maintenance;

namespace Lake.Serve.Jobs;

/// <summary><c>replay</c>: re-upcasts a recorded_at range of the raw zone with the pipeline's current catalog (see <see cref="LakeReplayer"/>).</summary>
public sealed class ReplayJob : ILakeJob
{
    public string Name => "replay";
    public string Description => "from=<time> to=<time> [min_age_minutes=60]: upcast the raw records recorded in [from, to) again and swap their curated and quarantine rows";

    public string Run(LakeJobContext context, CancellationToken ct)
    {
        var now = DateTime.UtcNow;
        var from = context.Args.Time("from", now) ?? throw new JobArgumentException("replay needs from=<time>, e.g. from=2026-10-01T00:00:00Z");
        var to = context.Args.Time("to", now) ?? throw new JobArgumentException("replay needs to=<time>, e.g. to=2026-11-01T00:00:00Z");
        if (to <= from) throw new JobArgumentException($"replay: to ({to:O}) must be after from ({from:O})");
        var minutes = context.Args.Get("min_age_minutes") is { } m ? (long.TryParse(m, out var n) && n >= 0 ? n : throw new JobArgumentException($"min_age_minutes='{m}' is not a whole number")) : 60;
        var options = new ReplayOptions { From = from, To = to, MinAge = TimeSpan.FromMinutes(minutes) };
        var summary = new LakeReplayer(context.Pipeline.Catalog, context.Store, options) { Log = context.Progress }.RunAsync(ct).GetAwaiter().GetResult();
        return $"{summary.Records:N0} raw record(s) replayed: {summary.Curated:N0} curated, {summary.Quarantined:N0} quarantined; "
            + (summary.Unchanged ? "nothing changed" : $"{summary.FilesReplaced} file(s) replaced by {summary.FilesWritten}");
    }
}

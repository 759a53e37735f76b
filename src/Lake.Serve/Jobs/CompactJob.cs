using Lake.Maintenance;

namespace Lake.Serve.Jobs;

/// <summary><c>compact</c>: merges small curated files toward the target size (see <see cref="LakeCompactor"/>); a second run changes nothing.</summary>
public sealed class CompactJob : ILakeJob
{
    public string Name => "compact";
    public string Description => "[type=<event type>] [from=<yyyy-MM-dd>] [to=<yyyy-MM-dd>] [days_ago=<n>: only dt = today - n] [min_age_minutes=60] [target_mib=128]";

    public string Run(LakeJobContext context, CancellationToken ct)
    {
        var options = new CompactionOptions
        {
            EventType = context.Args.Get("type"),
            From = Day(context, "from"),
            To = Day(context, "to"),
            MinAge = TimeSpan.FromMinutes(context.Args.Number("min_age_minutes", 60)),
            TargetBytes = context.Args.Number("target_mib", 128) << 20,
        };
        // Schedules say "yesterday's partitions": a day relative to when the job runs.
        if (context.Args.Get("days_ago") is not null)
        {
            var day = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-(int)context.Args.Number("days_ago", 1));
            options = options with { From = day, To = day };
        }
        var summary = new LakeCompactor(context.Store, options) { Log = context.Progress }.RunAsync(ct).GetAwaiter().GetResult();
        return $"{summary.Partitions} partition(s): {summary.FilesBefore:N0} files -> {summary.FilesAfter:N0}, {summary.DuplicatesRemoved:N0} duplicate(s) removed, {summary.SkippedTooYoung} left for later";
    }

    private static DateOnly? Day(LakeJobContext context, string name) =>
        context.Args.Get(name) is not { } text ? null
        : DateOnly.TryParseExact(text, "yyyy-MM-dd", out var d) ? d
        : throw new JobArgumentException($"{name}='{text}' is not a day; write yyyy-MM-dd");
}

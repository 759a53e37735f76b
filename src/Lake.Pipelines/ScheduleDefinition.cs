namespace Lake.Pipelines;

/// <summary>One entry of <c>schedules:</c> in pipeline.yaml: a named job that <c>lake serve</c> runs on a cron, with its arguments.</summary>
public sealed record ScheduleDefinition
{
    public required string Name { get; init; }
    /// <summary>The job's registered name, e.g. <c>kafka-backfill</c>.</summary>
    public required string Job { get; init; }
    /// <summary>A cron expression: five fields, or six with seconds first.</summary>
    public required string Cron { get; init; }
    /// <summary>The IANA time zone the cron is read in.</summary>
    public string TimeZone { get; init; } = "UTC";
    public IReadOnlyDictionary<string, string> Args { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);
}

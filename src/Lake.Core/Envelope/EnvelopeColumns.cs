namespace Lake.Core.Envelope;

/// <summary>The envelope columns every curated event row carries; catalog fields may not reuse these names.</summary>
public static class EnvelopeColumns
{
    public const string EventId = "event_id";
    public const string EventVersion = "event_version";
    public const string OccurredAt = "occurred_at";
    public const string RecordedAt = "recorded_at";
    public const string Producer = "producer";
    public const string AggregateId = "aggregate_id";
    public const string Source = "source";
    public const string SourcePartition = "source_partition";
    public const string SourceOffset = "source_offset";

    public static readonly IReadOnlyList<string> All =
        [EventId, EventVersion, OccurredAt, RecordedAt, Producer, AggregateId, Source, SourcePartition, SourceOffset];

    /// <summary>Hive partition columns live in paths; a field of the same name would clash in readers.</summary>
    public static readonly IReadOnlyList<string> PartitionColumns = ["event_type", "dt"];

    public static bool IsReserved(string name) => All.Contains(name) || PartitionColumns.Contains(name);
}

namespace Lake.Generation;

/// <summary>One generated input line (an NDJSON line or a Kafka message value) with what a producer would use as topic and key.</summary>
public readonly record struct GeneratedLine(byte[] Json, string Type, string? AggregateId, DateTime RecordedAt);

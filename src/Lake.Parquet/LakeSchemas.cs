using Lake.Core.Envelope;
using Lake.Core.Schema;

namespace Lake.Parquet;

/// <summary>The lake's table schemas (see docs/ARCHITECTURE.md, "The lake layout contract").</summary>
public static class LakeSchemas
{
    /// <summary>Envelope columns first, then the latest-version fields of the type as top-level columns.</summary>
    public static TableSchema Curated(EventTypeSchema type) => new(
    [
        new(EnvelopeColumns.EventId, FieldType.String, Required: true, Unique: true),
        new(EnvelopeColumns.EventVersion, FieldType.Int32, Required: true),
        new(EnvelopeColumns.OccurredAt, FieldType.Timestamp, Required: true, Unique: true),
        new(EnvelopeColumns.RecordedAt, FieldType.Timestamp, Required: true, Unique: true),
        new(EnvelopeColumns.Producer, FieldType.String),
        new(EnvelopeColumns.AggregateId, FieldType.String),
        new(EnvelopeColumns.Source, FieldType.String, Required: true),
        new(EnvelopeColumns.SourcePartition, FieldType.Int32, Required: true),
        new(EnvelopeColumns.SourceOffset, FieldType.Int64, Required: true, Unique: true),
        .. type.Latest.Fields.Fields.Select(f => new ColumnSpec(f.Name, f.Type)),
    ]);

    public static readonly TableSchema Raw = new(
    [
        new("source", FieldType.String, Required: true),
        new("source_partition", FieldType.Int32, Required: true),
        new("source_offset", FieldType.Int64, Required: true, Unique: true),
        new("recorded_at", FieldType.Timestamp, Required: true, Unique: true),
        new("event_id", FieldType.String, Unique: true),
        new("event_type", FieldType.String),
        new("event_version", FieldType.Int32),
        new("occurred_at", FieldType.Timestamp, Unique: true),
        ColumnSpec.Bytes("payload", required: true),
    ]);

    public static readonly TableSchema Quarantine = new(
    [
        new("source", FieldType.String, Required: true),
        new("source_partition", FieldType.Int32, Required: true),
        new("source_offset", FieldType.Int64, Required: true, Unique: true),
        new("recorded_at", FieldType.Timestamp, Required: true, Unique: true),
        new("reason", FieldType.String, Required: true),
        new("message", FieldType.String, Required: true),
        new("event_id", FieldType.String, Unique: true),
        new("event_type", FieldType.String),
        new("event_version", FieldType.Int32),
        ColumnSpec.Bytes("payload", required: true),
    ]);
}

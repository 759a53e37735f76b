using Lake.Core.Data;

namespace Lake.Core.Envelope;

/// <summary>A decoded event as it was sent: metadata plus its data at the version the producer used.</summary>
public sealed class EventEnvelope
{
    public required string Id { get; init; }
    public required string Type { get; init; }
    public required int Version { get; init; }
    /// <summary>UTC, truncated to microseconds (the lake's timestamp precision).</summary>
    public required DateTime OccurredAt { get; init; }
    /// <summary>UTC; null when the wire did not carry it and the source must supply it.</summary>
    public DateTime? RecordedAt { get; init; }
    public string? Producer { get; init; }
    public string? AggregateId { get; init; }
    /// <summary>The data as sent; null when the decoder read it straight into the latest schema's values (see <see cref="Latest"/>).</summary>
    public DataObject? Data { get; init; }
    /// <summary>Set instead of <see cref="Data"/> for an event <see cref="Upcasting.Upcaster.Decode"/> read cleanly straight into its type's latest schema.</summary>
    internal LatestValues? Latest { get; init; }
    public EnvelopeFormat Format { get; init; }
}

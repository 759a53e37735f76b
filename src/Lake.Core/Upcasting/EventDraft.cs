using Lake.Core.Data;

namespace Lake.Core.Upcasting;

/// <summary>An event part-way through upcasting: its type and version so far, and its mutable data.</summary>
public sealed class EventDraft
{
    public required string Id { get; init; }
    public required string Type { get; set; }
    public required int Version { get; set; }
    public required DateTime OccurredAt { get; init; }
    public string? AggregateId { get; init; }
    public required DataObject Data { get; set; }

    /// <summary>The same event at the next version of its type (the common result of a C# upcaster).</summary>
    public EventDraft Next()
    {
        Version++;
        return this;
    }

    /// <summary>
    /// A new event derived from this one, for upcasters that split an event. Ids are deterministic: part 0 keeps this event's id,
    /// part n gets <c>"{id}#n"</c>, so replays produce the same ids.
    /// </summary>
    public EventDraft Derive(int part, string type, int version, DataObject data) => new()
    {
        Id = part == 0 ? Id : $"{Id}#{part}",
        Type = type,
        Version = version,
        OccurredAt = OccurredAt,
        AggregateId = AggregateId,
        Data = data,
    };
}

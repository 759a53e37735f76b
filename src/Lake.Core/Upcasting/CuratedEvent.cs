using Lake.Core.Schema;

namespace Lake.Core.Upcasting;

/// <summary>An event at the latest version of its type, validated: one typed value per schema field, in schema order.</summary>
public sealed class CuratedEvent
{
    public required string Id { get; init; }
    public required EventTypeSchema Type { get; init; }
    /// <summary>The type name the producer sent (differs from <see cref="Type"/> when a legacy type was renamed).</summary>
    public required string ReceivedType { get; init; }
    public required int ReceivedVersion { get; init; }
    public required DateTime OccurredAt { get; init; }
    public DateTime? RecordedAt { get; init; }
    public string? Producer { get; init; }
    public string? AggregateId { get; init; }
    /// <summary>Typed values: string, bool, int, long, double, decimal, DateTime (UTC), DateOnly, object?[] for structs and lists.</summary>
    public required object?[] Values { get; init; }

    public object? this[string field] => Values[Type.Latest.Fields.IndexOf(field) is var i and >= 0 ? i : throw new KeyNotFoundException($"{Type.Name} has no field '{field}'")];
}

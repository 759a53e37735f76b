using Lake.Core.Data;

namespace Lake.Generation;

/// <summary>One aggregate being generated: its id, the data of its earlier events, and the ids of other aggregates it may reference.</summary>
internal sealed class AggregateLife(AggregateSpec spec, string id, Func<string, IReadOnlyList<string>> refs, Func<string, string?> firstIdOf)
{
    private readonly Dictionary<string, DataObject> _earlier = new(StringComparer.Ordinal);

    public AggregateSpec Spec { get; } = spec;
    public string Id { get; } = id;

    public IReadOnlyList<string> Refs(string aggregate) => refs(aggregate);

    public string? FirstIdOf(string aggregate) => firstIdOf(aggregate);

    public object? Earlier(string type, string field) => _earlier.TryGetValue(type, out var d) ? d[field] : null;

    public void Remember(string type, DataObject latestData) => _earlier[type] = latestData;
}

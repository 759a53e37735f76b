using Lake.Core.Data;

namespace Lake.Generation;

/// <summary>One aggregate being generated: its id, the data of its earlier events, and the ids of other aggregates it may reference.</summary>
internal sealed class AggregateLife(AggregateSpec spec, string id, Func<string, IReadOnlyList<string>> refs, Func<string, string?> firstIdOf)
{
    // A life has a handful of event types: two short arrays searched in order cost less than a dictionary per life.
    private string[] _types = new string[4];
    private DataObject[] _earlier = new DataObject[4];
    private int _count;

    public AggregateSpec Spec { get; } = spec;
    public string Id { get; } = id;

    public IReadOnlyList<string> Refs(string aggregate) => refs(aggregate);

    public string? FirstIdOf(string aggregate) => firstIdOf(aggregate);

    public object? Earlier(string type, string field) => IndexOf(type) is var i and >= 0 ? _earlier[i][field] : null;

    public void Remember(string type, DataObject latestData)
    {
        var i = IndexOf(type);
        if (i < 0)
        {
            if (_count == _types.Length)
            {
                Array.Resize(ref _types, _count * 2);
                Array.Resize(ref _earlier, _count * 2);
            }
            i = _count++;
            _types[i] = type;
        }
        _earlier[i] = latestData;
    }

    private int IndexOf(string type)
    {
        for (var i = 0; i < _count; i++)
        {
            if (string.Equals(_types[i], type, StringComparison.Ordinal)) return i;
        }
        return -1;
    }
}

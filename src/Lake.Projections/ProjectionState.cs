namespace Lake.Projections;

/// <summary>
/// A projection's whole state: one row per key (created with the columns' initial values on first use) and named string lookups
/// (for example order -> customer) that C# projections keep across keys. Checkpoints store both.
/// </summary>
public sealed class ProjectionState
{
    private readonly Dictionary<string, int> _columnIndex;
    private readonly object?[] _initial;

    public ProjectionState(Projection projection)
    {
        Projection = projection;
        _columnIndex = projection.Columns.Select((c, i) => (c.Name, i)).ToDictionary(x => x.Name, x => x.i, StringComparer.Ordinal);
        _initial = projection.Columns.Select(c => ColumnValues.Coerce(c.Initial, c.Type)).ToArray();
    }

    public Projection Projection { get; }

    internal Dictionary<string, object?[]> Rows { get; } = new(StringComparer.Ordinal);

    internal SortedDictionary<string, Dictionary<string, string>> Lookups { get; } = new(StringComparer.Ordinal);

    public int Count => Rows.Count;

    internal int ColumnIndex(string column) =>
        _columnIndex.TryGetValue(column, out var i) ? i : throw new KeyNotFoundException($"projection '{Projection.Name}' has no column '{column}'");

    /// <summary>The key's row, created with initial values when the key is new: a row exists from the first event applied to it.</summary>
    public ProjectionRow Row(string key)
    {
        if (!Rows.TryGetValue(key, out var values))
        {
            values = (object?[])_initial.Clone();
            Rows.Add(key, values);
        }
        return new ProjectionRow(this, key, values);
    }

    internal object?[] RowValues(string key)
    {
        if (!Rows.TryGetValue(key, out var values))
        {
            values = (object?[])_initial.Clone();
            Rows.Add(key, values);
        }
        return values;
    }

    public bool TryGetRow(string key, out ProjectionRow row)
    {
        if (Rows.TryGetValue(key, out var values))
        {
            row = new ProjectionRow(this, key, values);
            return true;
        }
        row = default;
        return false;
    }

    /// <summary>A named string-to-string map kept with the state (and in checkpoints), e.g. which customer placed an order.</summary>
    public Dictionary<string, string> Lookup(string name)
    {
        if (!Lookups.TryGetValue(name, out var map)) Lookups[name] = map = new Dictionary<string, string>(StringComparer.Ordinal);
        return map;
    }
}

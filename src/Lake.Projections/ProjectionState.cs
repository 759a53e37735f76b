using Lake.Projections.Sharding;

namespace Lake.Projections;

/// <summary>
/// A projection's state: one row per key (created with the columns' initial values on first use) and named string lookups
/// (for example order -> customer) that C# projections keep across keys. Checkpoints store both. A state may hold one
/// <see cref="KeyShard"/> of the keys: rows of other keys are folded into a scratch row and forgotten, lookups are kept whole.
/// </summary>
public sealed class ProjectionState
{
    private readonly Dictionary<string, int> _columnIndex;
    private readonly object?[] _initial;
    private readonly object?[] _scratch;

    public ProjectionState(Projection projection, KeyShard? shard = null)
    {
        Projection = projection;
        Shard = shard ?? KeyShard.All;
        _columnIndex = projection.Columns.Select((c, i) => (c.Name, i)).ToDictionary(x => x.Name, x => x.i, StringComparer.Ordinal);
        _initial = projection.Columns.Select(c => ColumnValues.Coerce(c.Initial, c.Type)).ToArray();
        _scratch = new object?[_initial.Length];
    }

    public Projection Projection { get; }

    /// <summary>The keys this state holds rows for.</summary>
    public KeyShard Shard { get; private set; }

    internal Dictionary<string, object?[]> Rows { get; } = new(StringComparer.Ordinal);

    internal SortedDictionary<string, Dictionary<string, string>> Lookups { get; } = new(StringComparer.Ordinal);

    public int Count => Rows.Count;

    internal int ColumnIndex(string column) =>
        _columnIndex.TryGetValue(column, out var i) ? i : throw new KeyNotFoundException($"projection '{Projection.Name}' has no column '{column}'");

    /// <summary>The key's row, created with initial values when the key is new: a row exists from the first event applied to it.</summary>
    public ProjectionRow Row(string key) => new(this, key, RowValues(key));

    internal object?[] RowValues(string key)
    {
        if (!Rows.TryGetValue(key, out var values))
        {
            if (!Shard.Contains(key))
            {
                // Another shard's key: the fold runs on a fresh scratch row whose result nobody reads.
                Array.Copy(_initial, _scratch, _initial.Length);
                return _scratch;
            }
            values = (object?[])_initial.Clone();
            Rows.Add(key, values);
        }
        return values;
    }

    /// <summary>Splits the rows into <paramref name="count"/> (a power of two) states of this state's sub-shards, emptying this one.</summary>
    internal ProjectionState[] Partition(int count)
    {
        var parts = Enumerable.Range(0, count).Select(j => new ProjectionState(Projection, new KeyShard(Shard.Index * count + j, Shard.Count * count))).ToArray();
        foreach (var (key, values) in Rows) parts[KeyShard.Of(key, Shard.Count * count) - Shard.Index * count].Rows.Add(key, values);
        Rows.Clear();
        return parts;
    }

    /// <summary>Takes back the rows of states made by <see cref="Partition"/>.</summary>
    internal void Absorb(IEnumerable<ProjectionState> parts)
    {
        foreach (var part in parts)
        {
            if (part.Lookups.Count > 0) throw new ProjectionException($"projection '{Projection.Name}' declares that its events name their keys (KeysAreInEvents) but keeps lookups; folded on several threads those would be split. Return false from KeysAreInEvents");
            Rows.EnsureCapacity(Rows.Count + part.Rows.Count);
            foreach (var (key, values) in part.Rows) Rows.Add(key, values);
            part.Rows.Clear();
        }
    }

    /// <summary>Narrows the state to <paramref name="shard"/> (a part of its current shard), dropping the rows of other keys.</summary>
    public void Narrow(KeyShard shard)
    {
        var dropped = Rows.Keys.Where(k => !shard.Contains(k)).ToList();
        foreach (var k in dropped) Rows.Remove(k);
        Shard = shard;
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

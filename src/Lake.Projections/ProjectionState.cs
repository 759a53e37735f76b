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
    // One row, reset before each use by a key of another shard.
    private readonly RowStore _scratch;

    public ProjectionState(Projection projection, KeyShard? shard = null)
    {
        Projection = projection;
        Shard = shard ?? KeyShard.All;
        _columnIndex = projection.Columns.Select((c, i) => (c.Name, i)).ToDictionary(x => x.Name, x => x.i, StringComparer.Ordinal);
        var initial = projection.Columns.Select(c => ColumnValues.Coerce(c.Initial, c.Type)).ToArray();
        Rows = new RowStore(projection.Columns, initial);
        _scratch = new RowStore(projection.Columns, initial);
        _scratch.Add("");
    }

    public Projection Projection { get; }

    /// <summary>The keys this state holds rows for.</summary>
    public KeyShard Shard { get; private set; }

    internal RowStore Rows { get; }

    internal SortedDictionary<string, Dictionary<string, string>> Lookups { get; } = new(StringComparer.Ordinal);

    public int Count => Rows.Count;

    internal int ColumnIndex(string column) =>
        _columnIndex.TryGetValue(column, out var i) ? i : throw new KeyNotFoundException($"projection '{Projection.Name}' has no column '{column}'");

    /// <summary>The key's row, created with initial values when the key is new: a row exists from the first event applied to it.</summary>
    public ProjectionRow Row(string key) => new(this, key, RowAt(key));

    internal RowRef RowAt(string key)
    {
        if (Rows.TryFind(key, out var row)) return new RowRef(Rows, row);
        return Shard.Contains(key) ? new RowRef(Rows, Rows.Add(key)) : Scratch();
    }

    /// <summary>The row of a key given as characters: no string is made unless the key is new.</summary>
    internal RowRef RowAt(ReadOnlySpan<char> key)
    {
        if (Rows.TryFind(key, out var row)) return new RowRef(Rows, row);
        return Shard.Contains(key) ? new RowRef(Rows, Rows.Add(new string(key))) : Scratch();
    }

    // Another shard's key: the fold runs on a fresh scratch row whose result nobody reads.
    private RowRef Scratch()
    {
        _scratch.Reset(0);
        return new RowRef(_scratch, 0);
    }

    /// <summary>Splits the rows into <paramref name="count"/> (a power of two) states of this state's sub-shards, emptying this one.</summary>
    internal ProjectionState[] Partition(int count)
    {
        var parts = Enumerable.Range(0, count).Select(j => new ProjectionState(Projection, new KeyShard(Shard.Index * count + j, Shard.Count * count))).ToArray();
        for (var row = 0; row < Rows.Count; row++) parts[KeyShard.Of(Rows.KeyAt(row), Shard.Count * count) - Shard.Index * count].Rows.AddCopy(Rows, row);
        Rows.Clear();
        return parts;
    }

    /// <summary>Takes back the rows of states made by <see cref="Partition"/>.</summary>
    internal void Absorb(IEnumerable<ProjectionState> parts)
    {
        foreach (var part in parts)
        {
            if (part.Lookups.Count > 0) throw new ProjectionException($"projection '{Projection.Name}' declares that its events name their keys (KeysAreInEvents) but keeps lookups; folded on several threads those would be split. Return false from KeysAreInEvents");
            for (var row = 0; row < part.Rows.Count; row++) Rows.AddCopy(part.Rows, row);
            part.Rows.Clear();
        }
    }

    /// <summary>Narrows the state to <paramref name="shard"/> (a part of its current shard), dropping the rows of other keys.</summary>
    public void Narrow(KeyShard shard)
    {
        Rows.RemoveWhere(k => !shard.Contains(k));
        Shard = shard;
    }

    public bool TryGetRow(string key, out ProjectionRow row)
    {
        if (Rows.TryFind(key, out var index))
        {
            row = new ProjectionRow(this, key, new RowRef(Rows, index));
            return true;
        }
        row = default;
        return false;
    }

    /// <summary>The keys in ordinal order, with the row index of each: the order a snapshot holds them in.</summary>
    internal (string[] Keys, int[] Rows) SortedKeys()
    {
        var order = new int[Rows.Count];
        var keys = new string[Rows.Count];
        for (var row = 0; row < order.Length; row++)
        {
            order[row] = row;
            keys[row] = Rows.KeyAt(row);
        }
        Array.Sort(keys, order, StringComparer.Ordinal);
        return (keys, order);
    }

    /// <summary>The rows as (key, values in column order), in ordinal key order: what a snapshot holds.</summary>
    internal IEnumerable<KeyValuePair<string, object?[]>> SortedRows()
    {
        var (keys, order) = SortedKeys();
        for (var i = 0; i < order.Length; i++)
        {
            var values = new object?[Rows.ColumnCount];
            for (var c = 0; c < values.Length; c++) values[c] = Rows.Get(order[i], c);
            yield return new(keys[i], values);
        }
    }

    /// <summary>A named string-to-string map kept with the state (and in checkpoints), e.g. which customer placed an order.</summary>
    public Dictionary<string, string> Lookup(string name)
    {
        if (!Lookups.TryGetValue(name, out var map)) Lookups[name] = map = new Dictionary<string, string>(StringComparer.Ordinal);
        return map;
    }
}

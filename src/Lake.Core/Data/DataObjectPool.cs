namespace Lake.Core.Data;

/// <summary>
/// Objects handed out in rounds and all taken back at once, for code that builds many short-lived objects per unit of work
/// (the history generator builds a handful per event and drops them all when an aggregate's lines are written).
/// </summary>
/// <remarks>Nothing rented may be kept past <see cref="ReturnAll"/>: the next round clears and reuses it.</remarks>
public sealed class DataObjectPool
{
    /// <summary>Beyond this many objects in one round, new ones are not kept for reuse.</summary>
    private const int MaxPooled = 4096;

    private readonly List<DataObject> _objects = [];
    private int _used;

    /// <summary>An empty object, reused from an earlier round when one is free.</summary>
    public DataObject Rent(int capacity = 8)
    {
        if (_used < _objects.Count)
        {
            var reused = _objects[_used++];
            reused.Clear();
            return reused;
        }
        var made = new DataObject(capacity);
        if (_objects.Count < MaxPooled)
        {
            _objects.Add(made);
            _used++;
        }
        return made;
    }

    /// <summary>A deep copy made of rented objects (lists are new; other values are immutable and shared).</summary>
    public DataObject Clone(DataObject source) => source.Clone(this);

    /// <summary>Takes every rented object back: the next round reuses them.</summary>
    public void ReturnAll() => _used = 0;
}

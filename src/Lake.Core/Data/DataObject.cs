using System.Collections;

namespace Lake.Core.Data;

/// <summary>
/// An event's data while it is being upcast: an ordered, mutable set of named values.
/// Values are null, string, bool, decimal or double (JSON numbers), DateTime (UTC), DateOnly, long, int,
/// a nested <see cref="DataObject"/>, or a <see cref="List{T}"/> of such values.
/// </summary>
/// <remarks>Events have few fields, so a linear scan over parallel arrays beats hashing.</remarks>
public sealed class DataObject : IEnumerable<KeyValuePair<string, object?>>
{
    /// <summary>One array of pairs rather than two arrays: one allocation fewer per object, and name and value share a cache line.</summary>
    private Entry[] _entries;

    internal struct Entry
    {
        public string Name;
        public object? Value;
    }

    public DataObject(int capacity = 8)
    {
        _entries = new Entry[Math.Max(capacity, 1)];
    }

    /// <summary>Takes <paramref name="entries"/> as they are (the decoder's exact-size copy); names must be unique.</summary>
    internal DataObject(Entry[] entries, int count)
    {
        _entries = entries;
        Count = count;
    }

    public int Count { get; private set; }

    public string NameAt(int index) => _entries[index].Name;
    public object? ValueAt(int index) => _entries[index].Value;

    public int IndexOf(string name)
    {
        var entries = _entries;
        var count = Count;
        for (var i = 0; i < count; i++)
        {
            if (ReferenceEquals(entries[i].Name, name)) return i;
        }
        for (var i = 0; i < count; i++)
        {
            if (string.Equals(entries[i].Name, name, StringComparison.Ordinal)) return i;
        }
        return -1;
    }

    public bool Contains(string name) => IndexOf(name) >= 0;

    public bool TryGetValue(string name, out object? value)
    {
        var i = IndexOf(name);
        value = i >= 0 ? _entries[i].Value : null;
        return i >= 0;
    }

    /// <summary>Gets a value (null when absent) or sets one (adding the name at the end when new).</summary>
    public object? this[string name]
    {
        get => TryGetValue(name, out var v) ? v : null;
        set => Set(name, value);
    }

    public void Set(string name, object? value)
    {
        var i = IndexOf(name);
        if (i >= 0) { _entries[i].Value = value; return; }
        Append(name, value);
    }

    /// <summary>Adds a field known not to be present yet (the decoder's path: JSON objects rarely repeat a key).</summary>
    internal void Append(string name, object? value)
    {
        if (Count == _entries.Length) Array.Resize(ref _entries, Count * 2);
        _entries[Count].Name = name;
        _entries[Count].Value = value;
        Count++;
    }

    public bool Remove(string name, out object? value)
    {
        var i = IndexOf(name);
        if (i < 0) { value = null; return false; }
        value = _entries[i].Value;
        Array.Copy(_entries, i + 1, _entries, i, Count - i - 1);
        Count--;
        _entries[Count] = default;
        return true;
    }

    public bool Remove(string name) => Remove(name, out _);

    /// <summary>Removes every field, keeping the storage for reuse.</summary>
    public void Clear()
    {
        Array.Clear(_entries, 0, Count);
        Count = 0;
    }

    /// <summary>Renames a field in place, keeping its position.</summary>
    public void Rename(int index, string newName) => _entries[index].Name = newName;

    /// <summary>A deep copy, so one event can become several without sharing mutable state.</summary>
    public DataObject Clone() => Clone(null);

    /// <summary>A deep copy whose objects come from <paramref name="pool"/> when one is given.</summary>
    internal DataObject Clone(DataObjectPool? pool)
    {
        var copy = pool?.Rent(Count) ?? new DataObject(Math.Max(Count, 1));
        for (var i = 0; i < Count; i++) copy.Append(_entries[i].Name, CloneValue(_entries[i].Value, pool));
        return copy;
    }

    /// <summary>A deep copy of a value: structs and lists are copied, other values are immutable and shared.</summary>
    internal static object? CloneValue(object? value, DataObjectPool? pool = null) => value switch
    {
        DataObject o => o.Clone(pool),
        List<object?> l => CloneList(l, pool),
        _ => value,
    };

    private static List<object?> CloneList(List<object?> list, DataObjectPool? pool)
    {
        var copy = new List<object?>(list.Count);
        for (var i = 0; i < list.Count; i++) copy.Add(CloneValue(list[i], pool));
        return copy;
    }

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        for (var i = 0; i < Count; i++) yield return new(_entries[i].Name, _entries[i].Value);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

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
    private string[] _names;
    private object?[] _values;

    public DataObject(int capacity = 8)
    {
        _names = new string[Math.Max(capacity, 1)];
        _values = new object?[_names.Length];
    }

    public int Count { get; private set; }

    public string NameAt(int index) => _names[index];
    public object? ValueAt(int index) => _values[index];

    public int IndexOf(string name)
    {
        var names = _names;
        for (var i = 0; i < Count; i++)
        {
            if (ReferenceEquals(names[i], name) || string.Equals(names[i], name, StringComparison.Ordinal)) return i;
        }
        return -1;
    }

    public bool Contains(string name) => IndexOf(name) >= 0;

    public bool TryGetValue(string name, out object? value)
    {
        var i = IndexOf(name);
        value = i >= 0 ? _values[i] : null;
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
        if (i >= 0) { _values[i] = value; return; }
        if (Count == _names.Length)
        {
            Array.Resize(ref _names, Count * 2);
            Array.Resize(ref _values, Count * 2);
        }
        _names[Count] = name;
        _values[Count] = value;
        Count++;
    }

    public bool Remove(string name, out object? value)
    {
        var i = IndexOf(name);
        if (i < 0) { value = null; return false; }
        value = _values[i];
        Array.Copy(_names, i + 1, _names, i, Count - i - 1);
        Array.Copy(_values, i + 1, _values, i, Count - i - 1);
        Count--;
        _names[Count] = null!;
        _values[Count] = null;
        return true;
    }

    public bool Remove(string name) => Remove(name, out _);

    /// <summary>Renames a field in place, keeping its position.</summary>
    public void Rename(int index, string newName) => _names[index] = newName;

    /// <summary>A deep copy, so one event can become several without sharing mutable state.</summary>
    public DataObject Clone()
    {
        var copy = new DataObject(Math.Max(Count, 1));
        for (var i = 0; i < Count; i++) copy.Set(_names[i], CloneValue(_values[i]));
        return copy;
    }

    private static object? CloneValue(object? value) => value switch
    {
        DataObject o => o.Clone(),
        List<object?> l => l.Select(CloneValue).ToList(),
        _ => value,
    };

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        for (var i = 0; i < Count; i++) yield return new(_names[i], _values[i]);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

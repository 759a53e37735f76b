namespace Lake.Core.Schema;

/// <summary>An ordered set of uniquely named fields: the top level of an event version, or a struct.</summary>
public sealed class FieldSet
{
    private readonly Dictionary<string, int> _index;

    private readonly string[] _names;
    private readonly byte[][] _utf8Names;
    private readonly FieldSchema[] _fields;
    private readonly int[] _requiredWithoutDefault;

    public FieldSet(IReadOnlyList<FieldSchema> fields)
    {
        _fields = [.. fields];
        Fields = _fields;
        // Interned like decoded property names, so the common lookup is a reference comparison.
        _names = fields.Select(f => string.Intern(f.Name)).ToArray();
        _utf8Names = fields.Select(f => System.Text.Encoding.UTF8.GetBytes(f.Name)).ToArray();
        _index = new Dictionary<string, int>(fields.Count, StringComparer.Ordinal);
        for (var i = 0; i < fields.Count; i++) _index.TryAdd(fields[i].Name, i);
        HasNullIf = fields.Any(f => f.NullIf.Count > 0);
        _requiredWithoutDefault = Enumerable.Range(0, fields.Count).Where(i => fields[i].Required && !fields[i].HasDefault).ToArray();
    }

    public IReadOnlyList<FieldSchema> Fields { get; }
    public int Count => Fields.Count;
    /// <summary>True when any field declares <c>null_if</c> values (lets the hot path skip the check).</summary>
    public bool HasNullIf { get; }
    /// <summary>Indexes of fields every event must carry (required, no default).</summary>
    public ReadOnlySpan<int> RequiredWithoutDefault => _requiredWithoutDefault;
    public FieldSchema this[int index] => _fields[index];

    public bool TryGet(string name, out FieldSchema field)
    {
        var names = _names;
        for (var k = 0; k < names.Length; k++)
        {
            if (ReferenceEquals(names[k], name)) { field = _fields[k]; return true; }
        }
        if (_index.TryGetValue(name, out var i)) { field = _fields[i]; return true; }
        field = null!;
        return false;
    }

    public int IndexOf(string name)
    {
        var names = _names;
        for (var k = 0; k < names.Length; k++)
        {
            if (ReferenceEquals(names[k], name)) return k;
        }
        return _index.TryGetValue(name, out var i) ? i : -1;
    }

    /// <summary>The field's name in UTF-8, as an unescaped JSON property name carries it.</summary>
    public ReadOnlySpan<byte> Utf8Name(int index) => _utf8Names[index];

    /// <summary>The field's name as interned: use it to look values up in decoded data by reference.</summary>
    public string InternedName(int index) => _names[index];
}

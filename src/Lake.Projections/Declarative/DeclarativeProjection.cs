using System.Globalization;

namespace Lake.Projections.Declarative;

/// <summary>
/// A projection read from <c>projections/&lt;name&gt;.yaml</c>: each event of a listed type is applied to the row of its key field
/// (creating it), then that type's rules and the <c>every_event</c> rules run in the order written.
/// </summary>
internal sealed class DeclarativeProjection : Projection
{
    private readonly Dictionary<string, FoldRule[]> _rules;
    private readonly FoldRule[] _everyEvent;
    private readonly Dictionary<string, IReadOnlyCollection<string>> _fields;

    public DeclarativeProjection(string name, string keyColumn, string keyField, IReadOnlyList<ProjectionColumn> columns,
        Dictionary<string, IReadOnlyList<FoldRule>> rules, IReadOnlyList<FoldRule> everyEvent, Dictionary<string, IReadOnlyCollection<string>> fields)
    {
        Name = name;
        KeyColumn = keyColumn;
        KeyField = keyField;
        Columns = columns;
        _rules = rules.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.Ordinal);
        _everyEvent = everyEvent.ToArray();
        _fields = fields;
        EventTypes = rules.Keys.Order(StringComparer.Ordinal).ToList();
    }

    public override string Name { get; }
    public override string KeyColumn { get; }
    public string KeyField { get; }
    public override IReadOnlyList<ProjectionColumn> Columns { get; }
    public override IReadOnlyList<string> EventTypes { get; }

    public override IReadOnlyCollection<string>? FieldsOf(string eventType) => _fields.GetValueOrDefault(eventType);

    public override bool KeysAreInEvents => true;

    public override string? KeyOf(ProjectionEvent e) => e[KeyField] switch
    {
        null => null,
        string s => s,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        var other => other.ToString(),
    };

    public override void Apply(ProjectionEvent e, ProjectionState state)
    {
        // Keys of up to 128 UTF-8 bytes are looked up from the column's bytes, without making a string per event.
        Span<char> buffer = stackalloc char[128];
        var length = e.CopyString(KeyField, buffer);
        RowRef row;
        if (length >= 0) row = state.RowAt(buffer[..length]);
        // An event without a key belongs to no row.
        else if (length == -1 || KeyOf(e) is not { } key) return;
        else row = state.RowAt(key);
        var rules = _rules[e.Type];
        for (var i = 0; i < rules.Length; i++) rules[i].Apply(e, row);
        for (var i = 0; i < _everyEvent.Length; i++) _everyEvent[i].Apply(e, row);
    }
}

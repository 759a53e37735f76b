using Lake.Core.Catalog;
using Lake.Core.Envelope;
using Lake.Core.Schema;
using Lake.Pipelines;
using YamlDotNet.RepresentationModel;
using YamlDocument = Lake.Pipelines.YamlDocument;
using YamlMappingNode = YamlDotNet.RepresentationModel.YamlMappingNode;

namespace Lake.Projections.Declarative;

/// <summary>
/// Reads one <c>projections/&lt;name&gt;.yaml</c> against the pipeline's catalog, collecting every problem with file and line
/// (see docs/PROJECTIONS.md for the format).
/// </summary>
internal sealed class DeclarativeReader(string file, EventCatalog catalog, List<CatalogError> errors)
{
    private static readonly string[] RuleKeys = ["when", "set", "add", "subtract", "increment", "min", "max"];
    private readonly YamlDocument _doc = new(file, errors);
    private readonly Dictionary<string, (int Index, FieldType Type)> _columns = new(StringComparer.Ordinal);

    public DeclarativeProjection? Read()
    {
        var before = errors.Count;
        var root = _doc.Load();
        if (root is null) return null;
        var name = Path.GetFileNameWithoutExtension(file);
        if (!CatalogNames.IsValid(name)) _doc.Error(null, null, null, null, $"'{name}' is not a valid projection name", "name the file in lower snake_case, e.g. projections/account_balance.yaml");
        _doc.AllowOnly(root, "a projection", null, null, null, "description", "key", "columns", "on", "every_event");
        var key = YamlDocument.Text(YamlDocument.Get(root, "key"));
        if (key is null) _doc.Error(root, null, null, null, "the projection has no 'key'", "add 'key: <field>', the event field that names each row (e.g. key: account_id)");

        var columns = new List<ProjectionColumn>();
        if (YamlDocument.Get(root, "columns") is not YamlMappingNode columnMap)
        {
            _doc.Error(root, null, null, null, "the projection has no 'columns' mapping", "add 'columns:' with one 'name: type' per column, e.g. balance: { type: \"decimal(18,2)\", initial: 0 }");
        }
        else
        {
            foreach (var (k, v) in columnMap.Children)
            {
                var column = ReadColumn(YamlDocument.Text(k) ?? "", v);
                if (column is null) continue;
                if (column.Name == key) { _doc.Error(k, null, null, column.Name, "a column has the key's name", "the key column is added first by itself; remove it from 'columns'"); continue; }
                _columns[column.Name] = (columns.Count, column.Type);
                columns.Add(column);
            }
        }

        var rules = new Dictionary<string, IReadOnlyList<FoldRule>>(StringComparer.Ordinal);
        var fields = new Dictionary<string, IReadOnlyCollection<string>>(StringComparer.Ordinal);
        if (YamlDocument.Get(root, "on") is not YamlMappingNode on || on.Children.Count == 0)
        {
            _doc.Error(root, null, null, null, "the projection has no 'on' mapping of event types", "add 'on:' with the event types it folds, e.g. on: { money_deposited: { add: { balance: amount } } }");
        }
        else
        {
            foreach (var (k, v) in on.Children)
            {
                var typeName = YamlDocument.Text(k) ?? "";
                if (!catalog.TryGetType(typeName, out var type))
                {
                    _doc.Error(k, typeName, null, null, $"the catalog has no event type '{typeName}'", "use one of: " + string.Join(", ", catalog.CuratedTypes.Select(t => t.Name)));
                    continue;
                }
                if (type.Becomes is not null)
                {
                    var curated = catalog.CuratedTypeOf(type).Name;
                    _doc.Error(k, typeName, null, null, $"'{typeName}' is a legacy type: its events land in the lake as '{curated}'", $"fold '{curated}' instead");
                    continue;
                }
                var used = new HashSet<string>(StringComparer.Ordinal);
                if (key is not null) CheckPath(k, [type], key, used);
                rules[typeName] = ReadRules(v, [type], used);
                fields[typeName] = used;
            }
        }
        var every = new List<FoldRule>();
        if (YamlDocument.Get(root, "every_event") is { } everyNode && rules.Count > 0)
        {
            var types = rules.Keys.Select(t => catalog[t]).ToList();
            var used = new HashSet<string>(StringComparer.Ordinal);
            every.AddRange(ReadRules(everyNode, types, used));
            foreach (var t in rules.Keys) fields[t] = fields[t].Union(used).ToHashSet(StringComparer.Ordinal);
        }
        if (errors.Count > before || key is null) return null;
        return new DeclarativeProjection(name, key, key, columns, rules, every, fields);
    }

    private ProjectionColumn? ReadColumn(string name, YamlNode node)
    {
        if (!CatalogNames.IsValid(name)) { _doc.Error(node, null, null, name, $"'{name}' is not a valid column name", "use lower snake_case"); return null; }
        var typeNode = node is YamlMappingNode m ? YamlDocument.Get(m, "type") : node;
        if (node is YamlMappingNode map) _doc.AllowOnly(map, $"column '{name}'", null, null, name, "type", "initial", "description");
        var text = YamlDocument.Text(typeNode);
        var type = text is null ? null : TypeExpression.Parse(text, out _);
        if (type is null || !ColumnValues.IsSupported(type))
        {
            _doc.Error(node, null, null, name, $"column '{name}' has no usable type" + (text is null ? "" : $" ('{text}')"),
                "use string, bool, int32, int64, double, decimal(p,s), timestamp, date or enum(...), e.g. balance: \"decimal(18,2)\"");
            return null;
        }
        object? initial = null;
        if (node is YamlMappingNode withInitial && YamlDocument.Get(withInitial, "initial") is { } init)
        {
            try { initial = ColumnValues.Coerce(YamlScalars.ToValue(init), type); }
            catch (Exception e) when (e is FormatException or InvalidCastException or OverflowException)
            {
                _doc.Error(init, null, null, name, $"the initial value of '{name}' is not a {type}: {e.Message}", $"write a {type} value or remove 'initial' (the column then starts null)");
            }
        }
        return new ProjectionColumn(name, type, initial);
    }

    private List<FoldRule> ReadRules(YamlNode node, IReadOnlyList<EventTypeSchema> types, HashSet<string> used)
    {
        var rules = new List<FoldRule>();
        var items = node switch
        {
            YamlSequenceNode seq => seq.Children.ToList(),
            YamlMappingNode => [node],
            _ => [],
        };
        if (items.Count == 0 && !(node is YamlScalarNode s && string.IsNullOrEmpty(s.Value)))
        {
            _doc.Error(node, types[0].Name, null, null, "an event type's rules must be a mapping (or a list of mappings)", "write e.g. { add: { balance: amount } }, or leave it empty to only create the row");
        }
        foreach (var item in items)
        {
            if (item is not YamlMappingNode rule) { _doc.Error(item, types[0].Name, null, null, "a rule must be a mapping", "write e.g. - { when: {...}, set: {...} }"); continue; }
            _doc.AllowOnly(rule, "a rule", types[0].Name, null, null, RuleKeys);
            var when = new List<FoldCondition>();
            var ops = new List<FoldOperation>();
            foreach (var (k, v) in rule.Children)
            {
                var op = YamlDocument.Text(k);
                switch (op)
                {
                    case "when": when.AddRange(ReadConditions(v, types, used)); break;
                    case "increment":
                        var names = v is YamlSequenceNode list ? list.Children.Select(YamlDocument.Text).ToList() : [YamlDocument.Text(v)];
                        foreach (var n in names)
                        {
                            if (Column(v, n, numeric: true) is { } col) ops.Add(new FoldOperation(FoldOperationKind.Increment, col.Index, col.Type, null));
                        }
                        break;
                    case "set" or "add" or "subtract" or "min" or "max":
                        if (v is not YamlMappingNode assignments) { _doc.Error(v, types[0].Name, null, null, $"'{op}' must map columns to values", $"write e.g. {op}: {{ balance: amount }}"); break; }
                        var kind = op switch { "set" => FoldOperationKind.Set, "add" => FoldOperationKind.Add, "subtract" => FoldOperationKind.Subtract, "min" => FoldOperationKind.Min, _ => FoldOperationKind.Max };
                        foreach (var (ck, cv) in assignments.Children)
                        {
                            var col = Column(ck, YamlDocument.Text(ck), numeric: kind is FoldOperationKind.Add or FoldOperationKind.Subtract);
                            var value = ReadValue(cv, types, used, col?.Type);
                            if (col is { } c && value is not null) ops.Add(new FoldOperation(kind, c.Index, c.Type, value));
                        }
                        break;
                }
            }
            rules.Add(new FoldRule(when.ToArray(), ops.ToArray()));
        }
        return rules;
    }

    private List<FoldCondition> ReadConditions(YamlNode node, IReadOnlyList<EventTypeSchema> types, HashSet<string> used)
    {
        var list = new List<FoldCondition>();
        var items = node is YamlSequenceNode seq ? seq.Children.ToList() : [node];
        foreach (var item in items)
        {
            if (item is not YamlMappingNode m)
            {
                _doc.Error(item, types[0].Name, null, null, "a condition must be a mapping", "write e.g. when: { field: currency, equals: EUR }");
                continue;
            }
            _doc.AllowOnly(m, "a condition", types[0].Name, null, null, "field", "column", "equals", "not_equals", "in", "is_null");
            var field = YamlDocument.Text(YamlDocument.Get(m, "field"));
            var columnName = YamlDocument.Text(YamlDocument.Get(m, "column"));
            if ((field is null) == (columnName is null)) { _doc.Error(m, types[0].Name, null, null, "a condition tests either a 'field' of the event or a 'column' of the row", "give exactly one of field: or column:"); continue; }
            if (field is not null && !CheckPath(m, types, field, used)) continue;
            var column = columnName is null ? null : Column(m, columnName, numeric: false);
            if (columnName is not null && column is null) continue;
            FoldCondition? condition = null;
            if (YamlDocument.Get(m, "equals") is { } eq) condition = new FoldCondition(ConditionKind.EqualTo, field, column?.Index, [YamlScalars.ToValue(eq)]);
            else if (YamlDocument.Get(m, "not_equals") is { } ne) condition = new FoldCondition(ConditionKind.NotEqualTo, field, column?.Index, [YamlScalars.ToValue(ne)]);
            else if (YamlDocument.Get(m, "in") is YamlSequenceNode values) condition = new FoldCondition(ConditionKind.In, field, column?.Index, values.Children.Select(YamlScalars.ToValue).ToList());
            else if (YamlDocument.Get(m, "is_null") is { } isNull) condition = new FoldCondition(YamlScalars.ToValue(isNull) is true ? ConditionKind.IsNull : ConditionKind.IsNotNull, field, column?.Index, []);
            if (condition is null) _doc.Error(m, types[0].Name, null, null, "the condition has no test", "add one of equals:, not_equals:, in: [..] or is_null: true|false");
            else list.Add(condition);
        }
        return list;
    }

    private ValueSource? ReadValue(YamlNode node, IReadOnlyList<EventTypeSchema> types, HashSet<string> used, FieldType? columnType)
    {
        if (node is YamlMappingNode m && YamlDocument.Get(m, "value") is { } constant && m.Children.Count == 1)
        {
            var value = YamlScalars.ToValue(constant);
            if (columnType is not null)
            {
                try { value = ColumnValues.Coerce(value, columnType); }
                catch (Exception e) when (e is FormatException or InvalidCastException or OverflowException)
                {
                    _doc.Error(constant, types[0].Name, null, null, $"the constant '{value}' is not a {columnType}", $"write a {columnType} value");
                    return null;
                }
            }
            return new ValueSource(null, value);
        }
        if (YamlDocument.Text(node) is { Length: > 0 } path && node is YamlScalarNode)
        {
            return CheckPath(node, types, path, used) ? new ValueSource(path, null) : null;
        }
        _doc.Error(node, types[0].Name, null, null, "a value must be an event field path or { value: <constant> }", "write e.g. amount, owner.name, occurred_at, or { value: open }");
        return null;
    }

    private (int Index, FieldType Type)? Column(YamlNode at, string? name, bool numeric)
    {
        if (name is null || !_columns.TryGetValue(name, out var col))
        {
            _doc.Error(at, null, null, name, $"'{name}' is not a column of this projection", "declare it under 'columns:' or use one of: " + string.Join(", ", _columns.Keys));
            return null;
        }
        if (numeric && col.Type.Kind is not (FieldKind.Int32 or FieldKind.Int64 or FieldKind.Double or FieldKind.Decimal))
        {
            _doc.Error(at, null, null, name, $"column '{name}' is a {col.Type}, not a number", "add, subtract and increment need an int32, int64, double or decimal column");
            return null;
        }
        return col;
    }

    /// <summary>Checks that every type has the path (an envelope column, event_type, a field or struct.field) and records its field.</summary>
    private bool CheckPath(YamlNode at, IReadOnlyList<EventTypeSchema> types, string path, HashSet<string> used)
    {
        var parts = path.Split('.');
        if (parts.Length == 1 && (EnvelopeColumns.All.Contains(path) || path == "event_type")) return true;
        var ok = true;
        foreach (var type in types)
        {
            FieldSet? fields = type.Latest.Fields;
            FieldSchema? field = null;
            foreach (var part in parts)
            {
                if (fields is null || !fields.TryGet(part, out field)) { field = null; break; }
                fields = field.Type.Kind == FieldKind.Struct ? field.Type.StructFields : null;
            }
            if (field is null)
            {
                _doc.Error(at, type.Name, null, path, $"'{type.Name}' has no field '{path}'",
                    $"use one of its fields ({string.Join(", ", type.Latest.Fields.Fields.Select(f => f.Name))}), an envelope column (occurred_at, recorded_at, event_id...), or {{ value: {path} }} for a constant");
                ok = false;
            }
        }
        if (ok) used.Add(parts[0]);
        return ok;
    }
}

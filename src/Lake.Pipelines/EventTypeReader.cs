using Lake.Core.Data;
using Lake.Core.Schema;
using Lake.Core.Upcasting;
using Lake.Core.Upcasting.Operations;
using Lake.Core.Validation;
using YamlDotNet.RepresentationModel;

namespace Lake.Pipelines;

/// <summary>Reads one <c>events/&lt;type&gt;.yaml</c> file: the type's documentation, versions, fields and upcast steps.</summary>
internal sealed class EventTypeReader(YamlDocument doc, string typeName)
{
    public EventTypeSchema? Read()
    {
        var root = doc.Load();
        if (root is null) return null;
        doc.AllowOnly(root, "an event type", typeName, null, null, "description", "owner", "versions", "becomes");

        TypeRename? becomes = null;
        if (YamlDocument.Get(root, "becomes") is { } b)
        {
            if (b is YamlMappingNode bm && YamlDocument.Text(YamlDocument.Get(bm, "type")) is { } bt && int.TryParse(YamlDocument.Text(YamlDocument.Get(bm, "version")), out var bv))
            {
                becomes = new TypeRename(bt, bv);
            }
            else
            {
                doc.Error(b, typeName, null, null, "'becomes' must be a mapping with 'type' and 'version'", "write e.g. 'becomes: { type: order_shipped, version: 1 }'");
            }
        }

        var versions = new List<EventVersion>();
        if (YamlDocument.Get(root, "versions") is not YamlMappingNode vmap)
        {
            doc.Error(root, typeName, null, null, "'versions' is missing or not a mapping", "add 'versions:' with '1:' and its 'fields:'");
        }
        else
        {
            foreach (var (key, node) in vmap.Children)
            {
                if (!int.TryParse(YamlDocument.Text(key), out var v) || v < 1)
                {
                    doc.Error(key, typeName, null, null, $"'{YamlDocument.Text(key)}' is not a version number", "number versions 1, 2, 3, ...");
                    continue;
                }
                if (ReadVersion(v, key, node) is { } version) versions.Add(version);
            }
        }

        return new EventTypeSchema
        {
            Name = typeName,
            Description = YamlDocument.Text(YamlDocument.Get(root, "description")),
            Owner = YamlDocument.Text(YamlDocument.Get(root, "owner")),
            Versions = versions.OrderBy(v => v.Version).ToList(),
            Becomes = becomes,
            Location = doc.At(root),
        };
    }

    private EventVersion? ReadVersion(int version, YamlNode key, YamlNode node)
    {
        if (node is not YamlMappingNode map)
        {
            doc.Error(node, typeName, version, null, "a version must be a mapping", "give the version 'fields:' (and 'upcast:' from the previous version)");
            return null;
        }
        doc.AllowOnly(map, "a version", typeName, version, null, "fields", "upcast", "description");
        var fields = YamlDocument.Get(map, "fields") is YamlMappingNode fm ? ReadFields(fm, version, null) : null;
        if (fields is null)
        {
            doc.Error(map, typeName, version, null, "'fields' is missing or not a mapping", "list the version's fields under 'fields:' (name: type)");
            fields = new FieldSet([]);
        }
        var ops = new List<UpcastOperation>();
        if (YamlDocument.Get(map, "upcast") is { } up)
        {
            if (version == 1) doc.Error(up, typeName, version, null, "version 1 has no previous version to upcast from", "remove 'upcast' from version 1");
            else if (up is not YamlSequenceNode seq) doc.Error(up, typeName, version, null, "'upcast' must be a list of steps", "write '- rename: { from: a, to: b }' items");
            else foreach (var step in seq.Children) if (ReadOperation(step, version) is { } op) ops.Add(op);
        }
        return new EventVersion { Version = version, Fields = fields, UpcastFromPrevious = ops, Location = doc.At(key) };
    }

    private FieldSet ReadFields(YamlMappingNode map, int version, string? prefix)
    {
        var list = new List<FieldSchema>();
        foreach (var (key, node) in map.Children)
        {
            var name = YamlDocument.Text(key) ?? "";
            var path = prefix is null ? name : prefix + "." + name;
            if (ReadField(name, path, node, version) is { } f) list.Add(f);
        }
        return new FieldSet(list);
    }

    private FieldSchema? ReadField(string name, string path, YamlNode node, int version)
    {
        if (node is YamlScalarNode scalar)
        {
            var text = scalar.Value ?? "";
            var required = text.EndsWith('!');
            var type = ParseType(required ? text[..^1] : text, node, version, path);
            return type is null ? null : new FieldSchema { Name = name, Type = type, Required = required, Location = doc.At(node) };
        }
        if (node is not YamlMappingNode map)
        {
            doc.Error(node, typeName, version, path, "a field must be a type (e.g. 'string!') or a mapping", "write 'name: string' or 'name: { type: string, required: true }'");
            return null;
        }
        doc.AllowOnly(map, "a field", typeName, version, path, "type", "required", "default", "description", "pii", "null_if", "fields", "items", "values");
        var fieldType = ReadTypeNode(map, version, path);
        if (fieldType is null) return null;

        var requiredNode = YamlDocument.Get(map, "required");
        var pii = YamlDocument.Get(map, "pii");
        var nullIf = YamlDocument.Get(map, "null_if") switch
        {
            null => [],
            YamlSequenceNode s => s.Children.Select(c => YamlDocument.Text(c) ?? "").ToList(),
            var other => Bad<List<string>>(other, version, path, "'null_if' must be a list of strings", "write e.g. null_if: [\"\", \"null\"]") ?? [],
        };
        object? def = null;
        var hasDefault = false;
        if (YamlDocument.Get(map, "default") is { } defNode)
        {
            var raw = YamlScalars.ToValue(defNode);
            hasDefault = true;
            if (raw is not null && !TryDefault(raw, fieldType, out def, out var problem))
            {
                doc.Error(defNode, typeName, version, path, $"the default {JsonValues.Describe(raw)} is not a valid {fieldType}: {problem}",
                    $"give a default of type {fieldType} (quote strings; decimals as numbers, e.g. 0.00)");
            }
        }
        return new FieldSchema
        {
            Name = name,
            Type = fieldType,
            Required = YamlScalars.ToValue(requiredNode!) is true,
            Default = def,
            HasDefault = hasDefault && def is not null,
            Description = YamlDocument.Text(YamlDocument.Get(map, "description")),
            Pii = pii is not null && YamlScalars.ToValue(pii) is true,
            NullIf = nullIf,
            Location = doc.At(map),
        };
    }

    private static bool TryDefault(object raw, FieldType type, out object? value, out string problem)
    {
        value = null;
        problem = "only primitive fields take defaults";
        return type.IsPrimitive && ValueConverter.TryConvert(raw, type, lenient: false, out value, out problem);
    }

    private T? Bad<T>(YamlNode node, int version, string path, string problem, string fix) where T : class
    {
        doc.Error(node, typeName, version, path, problem, fix);
        return null;
    }

    private FieldType? ReadTypeNode(YamlMappingNode map, int version, string path)
    {
        var typeText = YamlDocument.Text(YamlDocument.Get(map, "type"));
        if (typeText is null)
        {
            doc.Error(map, typeName, version, path, "the field has no 'type'", "add 'type: " + TypeExpression.Help + "'");
            return null;
        }
        switch (typeText)
        {
            case "struct":
                if (YamlDocument.Get(map, "fields") is not YamlMappingNode sf)
                {
                    doc.Error(map, typeName, version, path, "a struct needs 'fields'", "add 'fields:' with the struct's fields");
                    return null;
                }
                return FieldType.Struct(ReadFields(sf, version, path));
            case "list":
                var items = YamlDocument.Get(map, "items");
                if (items is null)
                {
                    doc.Error(map, typeName, version, path, "a list needs 'items' (the element type)", "add 'items: string' or 'items: { type: struct, fields: ... }'");
                    return null;
                }
                if (items is YamlScalarNode si) return ParseType(si.Value ?? "", si, version, path + "[]") is { } e ? FieldType.List(e) : null;
                if (items is YamlMappingNode im) return ReadTypeNode(im, version, path + "[]") is { } e2 ? FieldType.List(e2) : null;
                doc.Error(items, typeName, version, path, "'items' must be a type or a mapping", "write 'items: string' or 'items: { type: struct, fields: ... }'");
                return null;
            case "enum" when YamlDocument.Get(map, "values") is YamlSequenceNode vals:
                var values = vals.Children.Select(v => YamlDocument.Text(v) ?? "").ToList();
                if (values.Count == 0 || values.Any(v => v.Length == 0) || values.Distinct().Count() != values.Count)
                {
                    doc.Error(vals, typeName, version, path, "enum values must be a non-empty list of distinct, non-empty strings", "list the allowed values once each");
                    return null;
                }
                return FieldType.Enum(values);
            default:
                return ParseType(typeText, YamlDocument.Get(map, "type"), version, path);
        }
    }

    private FieldType? ParseType(string text, YamlNode? node, int version, string path)
    {
        var type = TypeExpression.Parse(text, out var problem);
        if (type is null) doc.Error(node, typeName, version, path, problem, "use one of " + TypeExpression.Help);
        return type;
    }

    private UpcastOperation? ReadOperation(YamlNode node, int version) =>
        new OperationReader(doc, typeName, version).Read(node);
}

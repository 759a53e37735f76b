using Lake.Core.Upcasting;
using Lake.Core.Upcasting.Operations;
using YamlDotNet.RepresentationModel;

namespace Lake.Pipelines;

/// <summary>Reads one declarative upcast step, e.g. <c>- rename: { from: owner_name, to: name }</c>.</summary>
internal sealed class OperationReader(YamlDocument doc, string typeName, int version)
{
    private Lake.Core.Schema.SourceLocation _location;
    private const string Kinds = "add, rename, drop, group, map, convert, to_minor_units";

    public UpcastOperation? Read(YamlNode node)
    {
        if (node is not YamlMappingNode map || map.Children.Count != 1)
        {
            return Fail(node, null, "an upcast step must be a single-key mapping such as '- rename: { from: a, to: b }'", $"use one of: {Kinds}");
        }
        var (keyNode, body) = map.Children.First();
        var kind = YamlDocument.Text(keyNode);
        _location = doc.At(keyNode);
        UpcastOperation? op = kind switch
        {
            "add" => ReadAdd(body),
            "rename" => ReadRename(body),
            "drop" => Path(body is YamlScalarNode ? body : Arg(body, "field"), "drop") is { } p ? new DropField(p) { Location = _location } : null,
            "group" => ReadGroup(body),
            "map" => ReadMap(body),
            "convert" => ReadConvert(body),
            "to_minor_units" => ReadMinor(body),
            _ => Fail(keyNode, null, $"unknown upcast step '{kind}'", $"use one of: {Kinds}"),
        };
        return op;
    }

    private UpcastOperation? ReadAdd(YamlNode body)
    {
        if (body is YamlScalarNode) return Path(body, "add") is { } p ? new AddField(p) { Location = _location } : null;
        if (Path(Arg(body, "field"), "add") is not { } path) return null;
        Allow(body, "add", "field", "value");
        var valueNode = Arg(body, "value");
        return new AddField(path) { Location = _location, HasValue = valueNode is not null, Value = valueNode is null ? null : YamlScalars.ToValue(valueNode) };
    }

    private UpcastOperation? ReadRename(YamlNode body)
    {
        Allow(body, "rename", "from", "to");
        var from = Path(Arg(body, "from"), "rename");
        var to = Name(Arg(body, "to"), "rename", "to");
        return from is null || to is null ? null : new RenameField(from, to) { Location = _location };
    }

    private UpcastOperation? ReadGroup(YamlNode body)
    {
        Allow(body, "group", "into", "fields");
        var into = Name(Arg(body, "into"), "group", "into");
        var fieldsNode = Arg(body, "fields");
        var fields = fieldsNode switch
        {
            YamlSequenceNode seq => seq.Children.Select(c => (YamlDocument.Text(c) ?? "", YamlDocument.Text(c) ?? "")).ToList(),
            YamlMappingNode m => m.Children.Select(kv => (YamlDocument.Text(kv.Key) ?? "", YamlDocument.Text(kv.Value) ?? "")).ToList(),
            _ => null,
        };
        if (fields is null || fields.Count == 0)
        {
            return Fail(fieldsNode ?? body, null, "'group' needs 'fields': a list of names or a mapping old_name: new_name",
                "write e.g. 'group: { into: owner, fields: { owner_name: name } }'");
        }
        return into is null ? null : new GroupFields(into, fields) { Location = _location };
    }

    private UpcastOperation? ReadMap(YamlNode body)
    {
        Allow(body, "map", "field", "into", "values", "otherwise");
        var field = Path(Arg(body, "field"), "map");
        var into = Arg(body, "into") is { } i ? Name(i, "map", "into") : null;
        if (Arg(body, "values") is not YamlMappingNode values)
        {
            return Fail(body, field?.Text, "'map' needs 'values': a mapping from old value to new value", "write e.g. values: { N: new, A: active }");
        }
        var dict = values.Children.ToDictionary(kv => YamlDocument.Text(kv.Key) ?? "", kv => YamlScalars.ToValue(kv.Value), StringComparer.Ordinal);
        var otherwise = Arg(body, "otherwise");
        return field is null ? null : new MapValues(field, into, dict) { Location = _location, HasFallback = otherwise is not null, Fallback = otherwise is null ? null : YamlScalars.ToValue(otherwise) };
    }

    private UpcastOperation? ReadConvert(YamlNode body)
    {
        Allow(body, "convert", "field", "to", "format", "epoch");
        var field = Path(Arg(body, "field"), "convert");
        var toText = YamlDocument.Text(Arg(body, "to"));
        if (toText is null) return Fail(body, field?.Text, "'convert' needs 'to' (the target type)", "write e.g. 'to: decimal(18,2)'");
        var to = TypeExpression.Parse(toText, out var problem);
        if (to is null || !to.IsPrimitive) return Fail(Arg(body, "to"), field?.Text, to is null ? problem : "convert targets a primitive type", "use one of " + TypeExpression.Help);
        var epoch = YamlDocument.Text(Arg(body, "epoch"));
        if (epoch is not (null or "s" or "ms" or "us")) return Fail(Arg(body, "epoch"), field?.Text, $"epoch unit '{epoch}' is not known", "use s, ms or us");
        return field is null ? null : new ConvertType(field, to) { Location = _location, Format = YamlDocument.Text(Arg(body, "format")), EpochUnit = epoch };
    }

    private UpcastOperation? ReadMinor(YamlNode body)
    {
        Allow(body, "to_minor_units", "field", "into", "scale");
        var field = Path(Arg(body, "field"), "to_minor_units");
        var into = Arg(body, "into") is { } i ? Name(i, "to_minor_units", "into") : null;
        var scale = 2;
        if (Arg(body, "scale") is { } s && (!int.TryParse(YamlDocument.Text(s), out scale) || scale is < 0 or > 18))
        {
            return Fail(s, field?.Text, "'scale' must be a whole number from 0 to 18", "write e.g. 'scale: 2' for cents");
        }
        return field is null ? null : new ToMinorUnits(field, into, scale) { Location = _location };
    }

    private static YamlNode? Arg(YamlNode body, string key) => body is YamlMappingNode m ? YamlDocument.Get(m, key) : null;

    private void Allow(YamlNode body, string kind, params string[] keys)
    {
        if (body is YamlMappingNode m) doc.AllowOnly(m, $"the '{kind}' step", typeName, version, null, keys);
        else Fail(body, null, $"'{kind}' takes a mapping", $"write '- {kind}: {{ {string.Join(": ..., ", keys)}: ... }}'");
    }

    private FieldPath? Path(YamlNode? node, string kind)
    {
        var text = YamlDocument.Text(node);
        if (text is not null && FieldPath.TryParse(text, out var path)) return path;
        Fail(node, text, $"'{kind}' needs a field path, got '{text}'", "write a field name, a.b for a struct field, or items[].name for list elements");
        return null;
    }

    private string? Name(YamlNode? node, string kind, string key)
    {
        var text = YamlDocument.Text(node);
        if (text is not null && Lake.Core.Catalog.CatalogNames.IsValid(text)) return text;
        Fail(node, text, $"'{kind}' needs '{key}' as a field name, got '{text}'", "use lower snake_case");
        return null;
    }

    private UpcastOperation? Fail(YamlNode? node, string? field, string problem, string fix)
    {
        doc.Error(node, typeName, version, field, problem, fix);
        return null;
    }
}

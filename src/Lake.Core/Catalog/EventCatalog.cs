using System.Security.Cryptography;
using System.Text;
using Lake.Core.Schema;
using Lake.Core.Upcasting;
using Lake.Core.Validation;

namespace Lake.Core.Catalog;

/// <summary>A pipeline's validated event types with their upcasters: what every historical version upcasts into.</summary>
public sealed class EventCatalog
{
    private readonly Dictionary<string, EventTypeSchema> _types;
    private readonly Dictionary<(string, int), IEventUpcaster> _code;
    private readonly Dictionary<string, EventValidator> _validators;

    private EventCatalog(Dictionary<string, EventTypeSchema> types, Dictionary<(string, int), IEventUpcaster> code, string fingerprint)
    {
        _types = types;
        _code = code;
        _validators = types.Values.ToDictionary(t => t.Name, t => new EventValidator(t.Name, t.Latest.Fields), StringComparer.Ordinal);
        Fingerprint = fingerprint;
    }

    /// <summary>Every declared type, legacy ones included, by name (ordinal order).</summary>
    public IReadOnlyList<EventTypeSchema> Types => _types.Values.OrderBy(t => t.Name, StringComparer.Ordinal).ToList();

    /// <summary>Types that land in the lake: every type that is not renamed into another.</summary>
    public IReadOnlyList<EventTypeSchema> CuratedTypes => Types.Where(t => t.Becomes is null).ToList();

    /// <summary>Identifies the catalog's content (types, versions, fields, operations, C# upcaster types); changes when any of it does.</summary>
    public string Fingerprint { get; }

    public bool TryGetType(string name, out EventTypeSchema type) => _types.TryGetValue(name, out type!);

    public EventTypeSchema this[string name] => _types.TryGetValue(name, out var t) ? t : throw new KeyNotFoundException($"the catalog has no event type '{name}'");

    internal IEventUpcaster? CodeUpcaster(string type, int fromVersion) => _code.GetValueOrDefault((type, fromVersion));

    internal EventValidator Validator(string type) => _validators[type];

    public IReadOnlyList<IEventUpcaster> CodeUpcasters => _code.Values.ToList();

    /// <summary>The type a (possibly legacy) type finally lands as, following renames.</summary>
    public EventTypeSchema CuratedTypeOf(EventTypeSchema type)
    {
        while (type.Becomes is { } b) type = _types[b.Type];
        return type;
    }

    /// <summary>Validates the declarations and builds the catalog; throws <see cref="CatalogException"/> listing every problem.</summary>
    public static EventCatalog Create(IEnumerable<EventTypeSchema> types, IEnumerable<IEventUpcaster>? codeUpcasters = null)
    {
        var errors = new List<CatalogError>();
        var byName = new Dictionary<string, EventTypeSchema>(StringComparer.Ordinal);
        foreach (var t in types)
        {
            if (!byName.TryAdd(t.Name, t))
            {
                errors.Add(new CatalogError(t.Location, t.Name, null, null, "the event type is declared twice", "keep one declaration per type"));
            }
        }
        var code = new Dictionary<(string, int), IEventUpcaster>();
        foreach (var u in codeUpcasters ?? [])
        {
            if (!code.TryAdd((u.EventType, u.FromVersion), u))
            {
                errors.Add(new CatalogError(new SourceLocation(u.GetType().FullName ?? "", 0, 0), u.EventType, u.FromVersion, null,
                    $"two C# upcasters are registered for version {u.FromVersion} ({code[(u.EventType, u.FromVersion)].GetType().Name} and {u.GetType().Name})",
                    "keep one upcaster per (event type, from-version)"));
            }
        }
        CatalogRules.Check(byName, code, errors);
        if (errors.Count > 0) throw new CatalogException(errors);
        return new EventCatalog(byName, code, ComputeFingerprint(byName, code));
    }

    private static string ComputeFingerprint(Dictionary<string, EventTypeSchema> types, Dictionary<(string, int), IEventUpcaster> code)
    {
        var sb = new StringBuilder();
        foreach (var t in types.Values.OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            sb.Append("type ").Append(t.Name).Append(" becomes ").Append(t.Becomes?.ToString()).Append('\n');
            foreach (var v in t.Versions)
            {
                sb.Append(" v").Append(v.Version).Append('\n');
                foreach (var op in v.UpcastFromPrevious) sb.Append("  op ").Append(op.Describe()).Append('\n');
                AppendFields(sb, v.Fields, "  ");
            }
        }
        foreach (var ((type, from), u) in code.OrderBy(kv => kv.Key.Item1, StringComparer.Ordinal).ThenBy(kv => kv.Key.Item2))
        {
            sb.Append("code ").Append(type).Append(' ').Append(from).Append(' ').Append(u.GetType().FullName)
              .Append(' ').Append(u.GetType().Assembly.ManifestModule.ModuleVersionId).Append('\n');
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())));
    }

    private static void AppendFields(StringBuilder sb, FieldSet fields, string indent)
    {
        foreach (var f in fields.Fields)
        {
            sb.Append(indent).Append(f.Name).Append(' ').Append(f.Type).Append(f.Required ? " required" : "")
              .Append(f.HasDefault ? " default=" + ValueConverter.FormatKey(f.Default) : "")
              .Append(f.NullIf.Count > 0 ? " null_if=" + string.Join('|', f.NullIf) : "").Append('\n');
            var nested = f.Type.Kind == FieldKind.List ? f.Type.Element! : f.Type;
            if (nested.StructFields is { } s) AppendFields(sb, s, indent + "  ");
        }
    }
}

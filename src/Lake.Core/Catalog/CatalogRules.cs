using System.Text.RegularExpressions;
using Lake.Core.Envelope;
using Lake.Core.Schema;
using Lake.Core.Upcasting;

namespace Lake.Core.Catalog;

/// <summary>The structural rules a catalog must satisfy before any event is upcast with it.</summary>
internal static partial class CatalogRules
{
    [GeneratedRegex("^[a-z][a-z0-9_]*$")]
    public static partial Regex NamePattern();

    public const string NameFix = "use lower snake_case: a letter, then letters, digits or '_' (e.g. order_placed)";

    public static void Check(Dictionary<string, EventTypeSchema> types, Dictionary<(string, int), IEventUpcaster> code, List<CatalogError> errors)
    {
        foreach (var type in types.Values)
        {
            if (!NamePattern().IsMatch(type.Name))
            {
                errors.Add(new CatalogError(type.Location, type.Name, null, null, "the event type name is not valid", NameFix));
            }
            var chainIsValid = CheckChain(type, errors);
            foreach (var version in type.Versions) CheckFields(type, version.Version, version.Fields, null, errors);
            if (!chainIsValid) continue;
            for (var v = 2; v <= type.LatestVersion; v++) CheckStep(type, v, code.GetValueOrDefault((type.Name, v - 1)), errors);
            CheckRename(type, types, errors);
        }
        foreach (var ((typeName, from), upcaster) in code)
        {
            var where = new SourceLocation(upcaster.GetType().FullName ?? "", 0, 0);
            if (!types.TryGetValue(typeName, out var t))
            {
                errors.Add(new CatalogError(where, typeName, from, null, $"C# upcaster {upcaster.GetType().Name} is registered for a type the catalog does not declare",
                    "declare the event type in the catalog or fix EventType"));
            }
            else if (from < 1 || from > t.LatestVersion)
            {
                errors.Add(new CatalogError(where, typeName, from, null, $"C# upcaster {upcaster.GetType().Name} starts from version {from}, but the type has versions 1..{t.LatestVersion}",
                    "set FromVersion to an existing version below the latest, or declare the next version"));
            }
            else if (from == t.LatestVersion && t.Becomes is null)
            {
                errors.Add(new CatalogError(where, typeName, from, null, $"C# upcaster {upcaster.GetType().Name} starts from the latest version {from}",
                    $"declare version {from + 1} (the upcaster's target) in the catalog"));
            }
        }
        CheckRenameCycles(types, errors);
    }

    private static bool CheckChain(EventTypeSchema type, List<CatalogError> errors)
    {
        if (type.Versions.Count == 0)
        {
            errors.Add(new CatalogError(type.Location, type.Name, null, null, "no versions are declared", "declare at least version 1 with its fields"));
            return false;
        }
        var declared = type.Versions.Select(v => v.Version).ToList();
        for (var i = 0; i < declared.Count; i++)
        {
            if (declared[i] != i + 1)
            {
                var missing = Enumerable.Range(1, declared.Max()).Except(declared).ToList();
                var dup = declared.GroupBy(v => v).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
                var problem = dup.Count > 0 ? $"version {string.Join(", ", dup)} is declared more than once"
                    : $"versions must run 1..N without gaps, but {string.Join(", ", missing)} {(missing.Count == 1 ? "is" : "are")} missing (declared: {string.Join(", ", declared)})";
                errors.Add(new CatalogError(type.Versions[i].Location, type.Name, declared[i], null, problem,
                    "declare every version from 1 to the latest in order; each version N > 1 upcasts from N-1"));
                return false;
            }
        }
        return true;
    }

    private static void CheckFields(EventTypeSchema type, int version, FieldSet fields, string? prefix, List<CatalogError> errors)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var f in fields.Fields)
        {
            var path = prefix is null ? f.Name : prefix + "." + f.Name;
            if (!NamePattern().IsMatch(f.Name))
            {
                errors.Add(new CatalogError(f.Location, type.Name, version, path, "the field name is not valid", NameFix));
            }
            if (!seen.Add(f.Name))
            {
                errors.Add(new CatalogError(f.Location, type.Name, version, path, "the field is declared twice", "keep one declaration per field name"));
            }
            if (prefix is null && EnvelopeColumns.IsReserved(f.Name))
            {
                errors.Add(new CatalogError(f.Location, type.Name, version, path,
                    $"'{f.Name}' is reserved for the envelope or partition columns ({string.Join(", ", EnvelopeColumns.All.Concat(EnvelopeColumns.PartitionColumns))})",
                    $"rename the field, e.g. '{type.Name.Split('_')[0]}_{f.Name}'"));
            }
            var t = f.Type;
            while (t.Kind == FieldKind.List) t = t.Element!;
            if (t.Kind == FieldKind.Struct) CheckFields(type, version, t.StructFields!, path, errors);
        }
    }

    private static void CheckStep(EventTypeSchema type, int toVersion, IEventUpcaster? code, List<CatalogError> errors)
    {
        var target = type.Version(toVersion);
        if (code is not null)
        {
            if (target.UpcastFromPrevious.Count > 0)
            {
                errors.Add(new CatalogError(target.Location, type.Name, toVersion, null,
                    $"both declarative upcast steps and the C# upcaster {code.GetType().Name} handle v{toVersion - 1}->v{toVersion}",
                    "keep one: move the declarative steps into the C# upcaster, or remove it"));
            }
            return;
        }
        var check = new OperationCheck(type.Name, toVersion, type.Version(toVersion - 1).Fields, target.Fields, errors);
        foreach (var op in target.UpcastFromPrevious)
        {
            check.Current = op;
            op.Check(check);
        }
        var stepLoc = target.Location;
        foreach (var f in target.Fields.Fields)
        {
            if (f.Required && !f.HasDefault && !check.TopLevel.Contains(f.Name))
            {
                errors.Add(new CatalogError(f.Location, type.Name, toVersion, f.Name,
                    $"the field is required but version {toVersion - 1} events would not have it after the upcast steps",
                    $"add an upcast step that produces it (rename, group, add with a value) or give it a default"));
            }
        }
        foreach (var name in check.TopLevel.Order(StringComparer.Ordinal))
        {
            if (target.Fields.IndexOf(name) < 0)
            {
                errors.Add(new CatalogError(stepLoc, type.Name, toVersion, name,
                    $"version {toVersion - 1} has a field '{name}' that version {toVersion} does not declare and no upcast step removes",
                    $"add '- drop: {name}' (or rename it) to version {toVersion}'s upcast steps, or declare it in version {toVersion}"));
            }
        }
    }

    private static void CheckRename(EventTypeSchema type, Dictionary<string, EventTypeSchema> types, List<CatalogError> errors)
    {
        if (type.Becomes is not { } b) return;
        if (!types.TryGetValue(b.Type, out var target))
        {
            errors.Add(new CatalogError(type.Location, type.Name, null, null, $"'becomes' names the type '{b.Type}', which the catalog does not declare",
                "declare the target type or fix the name"));
            return;
        }
        if (b.Version < 1 || b.Version > target.LatestVersion)
        {
            errors.Add(new CatalogError(type.Location, type.Name, null, null, $"'becomes' names {b.Type} version {b.Version}, but it has versions 1..{target.LatestVersion}",
                "point at an existing version of the target type"));
            return;
        }
        var targetFields = target.Version(b.Version).Fields;
        foreach (var f in type.Latest.Fields.Fields)
        {
            if (targetFields.IndexOf(f.Name) < 0)
            {
                errors.Add(new CatalogError(f.Location, type.Name, type.LatestVersion, f.Name,
                    $"the field does not exist in {b.Type} v{b.Version}, which this type becomes",
                    $"declare a new version of '{type.Name}' that renames or drops it first"));
            }
        }
    }

    private static void CheckRenameCycles(Dictionary<string, EventTypeSchema> types, List<CatalogError> errors)
    {
        foreach (var start in types.Values.Where(t => t.Becomes is not null))
        {
            var seen = new List<string> { start.Name };
            var current = start;
            while (current.Becomes is { } b && types.TryGetValue(b.Type, out var next))
            {
                if (seen.Contains(next.Name))
                {
                    if (next.Name == start.Name)
                    {
                        errors.Add(new CatalogError(start.Location, start.Name, null, null, $"type renames form a cycle: {string.Join(" -> ", seen)} -> {next.Name}",
                            "a legacy type must end at a type without 'becomes'"));
                    }
                    break;
                }
                seen.Add(next.Name);
                current = next;
            }
        }
    }
}

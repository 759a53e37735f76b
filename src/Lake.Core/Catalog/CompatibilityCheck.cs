using Lake.Core.Schema;

namespace Lake.Core.Catalog;

/// <summary>
/// Finds changes to latest versions that would break readers of the lake: a field renamed or deleted, a type narrowed,
/// a required field added without default, an optional field made required, an enum value removed, a type removed.
/// </summary>
public static class CompatibilityCheck
{
    public static IReadOnlyList<string> Compare(EventCatalog older, EventCatalog current)
    {
        var problems = new List<string>();
        foreach (var old in older.CuratedTypes)
        {
            if (!current.TryGetType(old.Name, out var now))
            {
                problems.Add($"{old.Name}: the event type was removed; its table in the lake would stop receiving events");
                continue;
            }
            if (now.Becomes is { } b)
            {
                problems.Add($"{old.Name}: the type now becomes '{b.Type}'; its table in the lake would stop receiving events");
                continue;
            }
            CompareFields($"{old.Name} (v{old.LatestVersion} -> v{now.LatestVersion})", old.Latest.Fields, now.Latest.Fields, null, problems);
        }
        return problems;
    }

    private static void CompareFields(string where, FieldSet before, FieldSet after, string? prefix, List<string> problems)
    {
        foreach (var f in before.Fields)
        {
            var path = prefix is null ? f.Name : prefix + "." + f.Name;
            if (!after.TryGet(f.Name, out var g))
            {
                problems.Add($"{where}: field '{path}' was renamed or deleted; keep it, or rename it in a new version with an upcast step and keep readers informed");
                continue;
            }
            if (!f.Required && g.Required && !g.HasDefault)
            {
                problems.Add($"{where}: field '{path}' became required without a default; older events without it would be quarantined");
            }
            CompareTypes(where, path, f.Type, g.Type, problems);
        }
        foreach (var g in after.Fields)
        {
            if (before.IndexOf(g.Name) < 0 && g.Required && !g.HasDefault)
            {
                var path = prefix is null ? g.Name : prefix + "." + g.Name;
                problems.Add($"{where}: required field '{path}' was added without a default; give it a default or make it optional");
            }
        }
    }

    private static void CompareTypes(string where, string path, FieldType a, FieldType b, List<string> problems)
    {
        if (a.Kind == FieldKind.Struct && b.Kind == FieldKind.Struct) { CompareFields(where, a.StructFields!, b.StructFields!, path, problems); return; }
        if (a.Kind == FieldKind.List && b.Kind == FieldKind.List) { CompareTypes(where, path + "[]", a.Element!, b.Element!, problems); return; }
        if (a.Kind == FieldKind.Enum && b.Kind == FieldKind.Enum)
        {
            var removed = a.EnumValues.Except(b.EnumValues).ToList();
            if (removed.Count > 0) problems.Add($"{where}: enum field '{path}' lost value(s) {string.Join(", ", removed)}; keep them and map old values in a new version");
            return;
        }
        if (!Widens(a, b)) problems.Add($"{where}: field '{path}' changed type from {a} to {b}, which not every existing value fits (a narrowing)");
    }

    /// <summary>True when every value of <paramref name="a"/> is exactly a value of <paramref name="b"/>.</summary>
    public static bool Widens(FieldType a, FieldType b)
    {
        if (a.SameAs(b)) return true;
        return (a.Kind, b.Kind) switch
        {
            (FieldKind.Int32, FieldKind.Int64) or (FieldKind.Int32, FieldKind.Double) => true,
            (FieldKind.Int32, FieldKind.Decimal) => b.Precision - b.Scale >= 10,
            (FieldKind.Int64, FieldKind.Decimal) => b.Precision - b.Scale >= 19,
            (FieldKind.Decimal, FieldKind.Decimal) => b.Scale >= a.Scale && b.Precision - b.Scale >= a.Precision - a.Scale,
            (FieldKind.Enum, FieldKind.String) => true,
            _ => false,
        };
    }
}

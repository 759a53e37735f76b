using Lake.Core.Schema;

namespace Lake.Core.Upcasting;

/// <summary>Symbolic run of a version's upcast operations over the previous version's declared fields, to catch typos at load time.</summary>
internal sealed class OperationCheck(string eventType, int toVersion, FieldSet previous, FieldSet next, List<CatalogError> errors)
{
    public HashSet<string> TopLevel { get; } = new(previous.Fields.Select(f => f.Name), StringComparer.Ordinal);
    public FieldSet Previous { get; } = previous;
    public FieldSet Next { get; } = next;
    public UpcastOperation Current { get; set; } = null!;

    public void Error(string? field, string problem, string fix) =>
        errors.Add(new CatalogError(Current.Location, eventType, toVersion, field, $"upcast step '{Current.Kind}': {problem}", fix));

    /// <summary>Resolves a path in the previous version; reports and returns null when it does not exist.</summary>
    public FieldSchema? Resolve(FieldPath path)
    {
        var set = Previous;
        FieldSchema? field = null;
        for (var i = 0; i < path.Segments.Count; i++)
        {
            var seg = path.Segments[i];
            if (set is null || !set.TryGet(seg.Name, out field))
            {
                Error(path.Text, $"version {toVersion - 1} has no field '{seg.Name}'",
                    $"use a field declared in version {toVersion - 1} ({string.Join(", ", (set ?? Previous).Fields.Select(f => f.Name))})");
                return null;
            }
            var type = field.Type;
            if (seg.EachElement)
            {
                if (type.Kind != FieldKind.List) { Error(path.Text, $"'{seg.Name}' is {type}, not a list, so '[]' does not apply", "remove the '[]'"); return null; }
                type = type.Element!;
            }
            set = type.Kind == FieldKind.Struct ? type.StructFields : null;
            if (i < path.Segments.Count - 1 && set is null)
            {
                Error(path.Text, $"'{seg.Name}' is {field.Type}, so it has no nested fields", "point the path at a struct or a list of structs");
                return null;
            }
        }
        return field;
    }
}

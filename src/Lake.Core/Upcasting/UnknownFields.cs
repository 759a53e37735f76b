using Lake.Core.Data;
using Lake.Core.Schema;

namespace Lake.Core.Upcasting;

/// <summary>Finds fields an event carries that its version's schema does not declare; they never fail an event.</summary>
internal static class UnknownFields
{
    public static List<string>? Collect(DataObject data, FieldSet fields)
    {
        List<string>? found = null;
        Walk(data, fields, null, ref found);
        if (found is not null && found.Count > 1) found = [.. found.Distinct(StringComparer.Ordinal)];
        return found;
    }

    private static void Walk(DataObject data, FieldSet fields, UnknownFieldPath? prefix, ref List<string>? found)
    {
        for (var i = 0; i < data.Count; i++)
        {
            var name = data.NameAt(i);
            if (!fields.TryGet(name, out var field))
            {
                (found ??= []).Add(UnknownFieldPath.Of(prefix, name));
                continue;
            }
            var value = data.ValueAt(i);
            var type = field.Type;
            if (type.Kind == FieldKind.Struct && value is DataObject nested)
            {
                Walk(nested, type.StructFields!, new UnknownFieldPath(prefix, name, Element: false), ref found);
            }
            else if (type.Kind == FieldKind.List && type.Element!.Kind == FieldKind.Struct && value is List<object?> list)
            {
                var p = new UnknownFieldPath(prefix, name, Element: true);
                foreach (var element in list)
                {
                    if (element is DataObject o) Walk(o, type.Element.StructFields!, p, ref found);
                }
            }
        }
    }
}

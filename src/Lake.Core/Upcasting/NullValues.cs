using Lake.Core.Data;
using Lake.Core.Schema;

namespace Lake.Core.Upcasting;

/// <summary>Applies a version's <c>null_if</c> declarations to top-level fields before that version's upcast steps run.</summary>
internal static class NullValues
{
    public static void Apply(DataObject data, FieldSet fields)
    {
        if (!fields.HasNullIf) return;
        foreach (var f in fields.Fields)
        {
            if (f.NullIf.Count == 0) continue;
            var i = data.IndexOf(f.Name);
            if (i >= 0 && data.ValueAt(i) is string s && f.NullIf.Contains(s)) data.Set(f.Name, null);
        }
    }
}

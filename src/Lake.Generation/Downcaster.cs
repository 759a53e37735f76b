using System.Globalization;
using Lake.Core.Catalog;
using Lake.Core.Data;
using Lake.Core.Schema;
using Lake.Core.Upcasting;
using Lake.Core.Upcasting.Operations;
using Lake.Core.Validation;

namespace Lake.Generation;

/// <summary>
/// Turns latest-version data back into what an older producer sent, by inverting each declarative upcast step.
/// Steps handled by C# upcasters cannot be inverted, so versions before them are not generated.
/// </summary>
internal sealed class Downcaster(EventCatalog catalog, ValueFactory values)
{
    /// <summary>The oldest version of a type that can be produced by inversion.</summary>
    private readonly Dictionary<EventTypeSchema, int> _oldest = new(ReferenceEqualityComparer.Instance);

    public int OldestReachable(EventTypeSchema type) => _oldest.TryGetValue(type, out var cached) ? cached : FindOldest(type);

    private int FindOldest(EventTypeSchema type)
    {
        var code = catalog.CodeUpcasters;
        var v = type.LatestVersion;
        while (v > 1 && code.All(u => u.EventType != type.Name || u.FromVersion != v - 1)) v--;
        return _oldest[type] = v;
    }

    public DataObject Downcast(EventTypeSchema type, DataObject latest, int version, DateTime occurredAt)
    {
        var data = values.Objects.Clone(latest);
        for (var v = type.LatestVersion; v > version; v--)
        {
            var previous = type.Version(v - 1).Fields;
            var ops = type.Version(v).UpcastFromPrevious;
            for (var i = ops.Count - 1; i >= 0; i--) Invert(type.Name, ops[i], data, previous, occurredAt);
            Prune(data, previous);
            // An older version may require what the newer one made optional (owner_name before owner became an optional struct).
            foreach (var i in previous.RequiredWithoutDefault)
            {
                var f = previous[i];
                if (data[f.Name] is null) data.Set(f.Name, values.MakeStruct(type.Name, new FieldSet([f]), type.Name, null, occurredAt)[f.Name]);
            }
        }
        return data;
    }

    /// <summary>Removes fields the older version does not declare (optional fields added without a step, like a new struct).</summary>
    private static void Prune(DataObject data, FieldSet fields)
    {
        for (var i = data.Count - 1; i >= 0; i--)
        {
            var name = data.NameAt(i);
            if (!fields.TryGet(name, out var f)) { data.Remove(name); continue; }
            var value = data.ValueAt(i);
            var t = f.Type.Kind == FieldKind.List ? f.Type.Element! : f.Type;
            if (t.StructFields is not { } nested) continue;
            if (value is DataObject o) Prune(o, nested);
            else if (value is List<object?> list)
            {
                for (var k = 0; k < list.Count; k++)
                {
                    if (list[k] is DataObject element) Prune(element, nested);
                }
            }
        }
    }

    private void Invert(string typeName, UpcastOperation op, DataObject data, FieldSet previous, DateTime occurredAt)
    {
        switch (op)
        {
            case AddField a:
                a.Field.ForEachParent(data, a, static (p, a) => { p.Remove(a.Field.Leaf); return null; });
                break;
            case RenameField r:
                r.From.ForEachParent(data, r, static (p, r) =>
                {
                    if (p.Remove(r.To, out var v)) p.Set(r.From.Leaf, v);
                    return null;
                });
                break;
            case DropField d when d.Field.Segments.Count == 1 && previous.TryGet(d.Field.Leaf, out var dropped):
                data.Set(dropped.Name, values.MakeStruct(typeName, new FieldSet([dropped]), typeName, null, occurredAt)[dropped.Name]);
                break;
            case GroupFields g:
                if (data.Remove(g.Into, out var grouped) && grouped is DataObject group)
                {
                    foreach (var (from, to) in g.Fields)
                    {
                        if (group.TryGetValue(to, out var v)) data.Set(from, v);
                    }
                }
                break;
            case MapValues m:
                m.Field.ForEachParent(data, m, static (p, m) =>
                {
                    if (!p.Remove(m.Into ?? m.Field.Leaf, out var v)) return null;
                    var key = m.Values.FirstOrDefault(kv => Equals(kv.Value, v)).Key;
                    p.Set(m.Field.Leaf, key ?? ValueConverter.FormatKey(v));
                    return null;
                });
                break;
            case ConvertType c:
                var target = Resolve(previous, c.Field) ?? FieldType.String;
                c.Field.ForEachParent(data, (c, target), static (p, s) =>
                {
                    var (c, target) = s;
                    if (!p.TryGetValue(c.Field.Leaf, out var v) || v is null) return null;
                    if (c.Field.LeafIsEachElement && v is List<object?> l)
                    {
                        var back = new List<object?>(l.Count);
                        foreach (var x in l) back.Add(Back(x, target, c));
                        p.Set(c.Field.Leaf, back);
                    }
                    else p.Set(c.Field.Leaf, Back(v, target, c));
                    return null;
                });
                break;
            case ToMinorUnits t:
                var type = Resolve(previous, t.Field);
                t.Field.ForEachParent(data, (t, type), static (p, s) =>
                {
                    var (t, type) = s;
                    if (!p.Remove(t.Into ?? t.Field.Leaf, out var v)) return null;
                    var major = v is long minor ? minor / (decimal)Math.Pow(10, t.Scale) : v;
                    p.Set(t.Field.Leaf, type?.Kind == FieldKind.String ? ValueConverter.FormatKey(major) : major);
                    return null;
                });
                break;
        }
    }

    private static object? Back(object? value, FieldType previousType, ConvertType op)
    {
        if (value is null) return null;
        if (value is DateTime t && previousType.Kind == FieldKind.String && op.Format is not null) return t.ToString(op.Format, CultureInfo.InvariantCulture);
        if (value is DateTime e && op.EpochUnit is not null)
        {
            var ticks = e.Ticks - DateTime.UnixEpoch.Ticks;
            return op.EpochUnit switch { "s" => ticks / TimeSpan.TicksPerSecond, "ms" => ticks / TimeSpan.TicksPerMillisecond, _ => ticks / 10 };
        }
        if (previousType.IsPrimitive && ValueConverter.TryConvert(value, previousType, lenient: true, out var converted, out _)) return converted;
        return value;
    }

    private static FieldType? Resolve(FieldSet fields, FieldPath path)
    {
        FieldSet? set = fields;
        FieldType? type = null;
        var segments = path.Segments;
        for (var k = 0; k < segments.Count; k++)
        {
            var seg = segments[k];
            if (set is null || !set.TryGet(seg.Name, out var f)) return null;
            type = f.Type;
            if (seg.EachElement && type.Kind == FieldKind.List) type = type.Element!;
            set = (type.Kind == FieldKind.List ? type.Element : type)?.StructFields;
        }
        return type;
    }
}

using Lake.Core.Data;
using Lake.Core.Schema;
using Lake.Core.Upcasting.Operations;
using Lake.Core.Validation;

namespace Lake.Core.Upcasting;

/// <summary>
/// How to read an older version's data straight into the latest schema's typed values: for each field the version declares,
/// where its value lands in the latest rows and which value steps its declared upcast operations apply on the way.
/// </summary>
/// <remarks>
/// Built by running the version's operations once over a template of the data whose values are placeholders
/// (<see cref="PlannedValue"/>), so the operations' own code decides every move; only what they would do to a value is
/// replayed per event. Anything the template cannot stand for (a C# upcaster, a type rename, <c>null_if</c> before the latest
/// version, an <c>add</c> into a nested or sent field, lists of lists, an operation that fails on the template) gets no plan,
/// and such events take the general path.
/// </remarks>
internal sealed class VersionPlan
{
    private VersionPlan(FieldSet latest, ObjectPlan root, (int Index, object? Value)[] constants, ulong required)
    {
        Latest = latest;
        Root = root;
        Constants = constants;
        Required = required;
    }

    /// <summary>The latest version's top-level fields: the shape of the values the plan fills.</summary>
    public FieldSet Latest { get; }
    /// <summary>The received version's top level.</summary>
    public ObjectPlan Root { get; }
    /// <summary>Latest top-level values that <c>add</c> steps set on every event, already validated.</summary>
    public (int Index, object? Value)[] Constants { get; }
    /// <summary>The received version's required fields without a default, as a bit mask of its top-level field indexes.</summary>
    public ulong Required { get; }

    public static VersionPlan? TryCompile(EventTypeSchema type, int version)
    {
        try
        {
            return Compile(type, version);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A plan is only ever an optimisation: whatever goes wrong building one leaves the version to the general path.
            return null;
        }
    }

    private static VersionPlan? Compile(EventTypeSchema type, int version)
    {
        if (type.Becomes is not null || version >= type.LatestVersion) return null;
        for (var v = version; v < type.LatestVersion; v++)
        {
            if (type.Version(v).Fields.HasNullIf) return null;
        }
        var received = type.Version(version).Fields;
        if (received.Count > 64) return null;
        var template = Template(received, out var skeleton);
        if (template is null) return null;
        var sources = new HashSet<object>(ReferenceEqualityComparer.Instance);
        skeleton.CollectNodes(sources);

        for (var v = version; v < type.LatestVersion; v++)
        {
            var step = new UpcastStep(type.Name, v);
            foreach (var op in type.Version(v + 1).UpcastFromPrevious)
            {
                // Only the steps that know placeholders (IValueStep) or only move values; a new kind needs its own review.
                if (op is not (AddField or RenameField or DropField or GroupFields or MapValues or ConvertType or ToMinorUnits)) return null;
                // An add keeps a value the event already has: the template has every field, so it cannot tell. A struct or
                // list value would be a struct no field of the event forms.
                if (op is AddField add && (add.Field.Segments.Count > 1 || template.Contains(add.Field.Leaf)
                    || add.EffectiveValue is DataObject or List<object?>)) return null;
                // A group forms when any of its fields is sent; one that loses some of them to a drop would have to form
                // for fields the plan no longer places.
                if (op is DropField drop && DropsFromGroup(template, drop, sources)) return null;
                // A group into a struct the event may send: formed anew when it is not sent, the one template struct
                // stands for both cases.
                if (op is GroupFields group && template.TryGetValue(group.Into, out var into) && into is not null && sources.Contains(into)) return null;
                var before = Keys(template);
                if (op.Apply(template, step) is not null) return null;
                // A step that writes over another field (a map or to_minor_units into a field the event has or an add
                // set) does so only when its own field is sent: per event, not once for all. Only a drop removes fields.
                if (op is not DropField && Keys(template) < before) return null;
            }
        }

        var latest = type.Latest.Fields;
        var places = new Dictionary<object, Place>(ReferenceEqualityComparer.Instance);
        var constants = new List<(int, object?)>();
        if (!Locate(template, latest, [], [latest], sources, places, constants)) return null;

        ulong required = 0;
        foreach (var i in received.RequiredWithoutDefault) required |= 1UL << i;
        return new VersionPlan(latest, skeleton.Build(places), [.. constants], required);
    }

    /// <summary>How many fields the template holds, at every level.</summary>
    private static int Keys(DataObject data)
    {
        var n = data.Count;
        for (var i = 0; i < data.Count; i++) n += Keys(data.ValueAt(i));
        return n;
    }

    private static int Keys(object? value) => value switch
    {
        DataObject o => Keys(o),
        List<object?> l => l.Sum(Keys),
        _ => 0,
    };

    /// <summary>Whether <paramref name="drop"/> removes a field from a struct a group step made (not one the event sends).</summary>
    private static bool DropsFromGroup(DataObject template, DropField drop, HashSet<object> sources)
    {
        var found = false;
        drop.Field.ForEachParent(template, parent =>
        {
            found |= !ReferenceEquals(parent, template) && !sources.Contains(parent) && parent.Contains(drop.Field.Leaf);
            return null;
        });
        return found;
    }

    /// <summary>Where a placeholder, struct or list ended up: indexes from the root row down, the field sets of the rows on the way, and the latest field.</summary>
    private sealed record Place(int[] Path, FieldSet[] Sets, FieldSchema Field);

    private static DataObject? Template(FieldSet fields, out Skeleton skeleton)
    {
        var data = new DataObject(fields.Count);
        skeleton = new Skeleton(fields);
        for (var i = 0; i < fields.Count; i++)
        {
            var type = fields[i].Type;
            object node;
            switch (type.Kind)
            {
                case FieldKind.Struct:
                    var nested = Template(type.StructFields!, out var inner);
                    if (nested is null) return null;
                    node = nested;
                    skeleton.Nested[i] = inner;
                    break;
                case FieldKind.List:
                    var element = type.Element!;
                    if (element.Kind == FieldKind.List) return null;
                    if (element.Kind == FieldKind.Struct)
                    {
                        var row = Template(element.StructFields!, out var elementSkeleton);
                        if (row is null) return null;
                        node = new List<object?> { row };
                        skeleton.Nested[i] = elementSkeleton;
                    }
                    else
                    {
                        node = new List<object?> { new PlannedValue() };
                    }
                    break;
                default:
                    node = new PlannedValue();
                    break;
            }
            skeleton.Nodes[i] = node;
            data.Append(fields.InternedName(i), node);
        }
        return data;
    }

    /// <summary>Walks the template as the operations left it against the latest fields, recording where each source node is.</summary>
    private static bool Locate(DataObject data, FieldSet fields, int[] path, FieldSet[] sets, HashSet<object> sources,
        Dictionary<object, Place> places, List<(int, object?)>? constants)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            var field = fields[i];
            if (!data.TryGetValue(fields.InternedName(i), out var value) || value is null) continue;
            int[] at = [.. path, i];
            switch (value)
            {
                case PlannedValue planned:
                    if (!field.Type.IsPrimitive) return false;
                    places[planned] = new Place(at, sets, field);
                    break;
                case DataObject obj:
                    if (field.Type.Kind != FieldKind.Struct) return false;
                    // A struct the operations made (group) holds only moved values; one that holds anything else came from a step's value.
                    // Every field in it must have a place too, or the struct would form for a field the plan does not read.
                    if (!sources.Contains(obj) && obj.Any(kv => kv.Value is not (PlannedValue or DataObject or List<object?>)
                        || field.Type.StructFields!.IndexOf(kv.Key) < 0)) return false;
                    places[obj] = new Place(at, sets, field);
                    if (!Locate(obj, field.Type.StructFields!, at, [.. sets, field.Type.StructFields!], sources, places, null)) return false;
                    break;
                case List<object?> list:
                    if (field.Type.Kind != FieldKind.List || !sources.Contains(list) || list.Count != 1) return false;
                    places[list] = new Place(at, sets, field);
                    var element = field.Type.Element!;
                    if (list[0] is DataObject row)
                    {
                        if (element.Kind != FieldKind.Struct || !sources.Contains(row)) return false;
                        // Element rows are roots of their own: paths inside them start again.
                        if (!Locate(row, element.StructFields!, [], [element.StructFields!], sources, places, null)) return false;
                    }
                    else if (list[0] is PlannedValue item)
                    {
                        if (!element.IsPrimitive) return false;
                        places[item] = new Place(at, sets, field);
                    }
                    else return false;
                    break;
                default:
                    // A value an add step set (and later steps may have converted): the same on every event, so validated once here.
                    if (constants is null || !PlannedValuesReader.TryValidate(value, field, out var typed)) return false;
                    constants.Add((i, typed));
                    break;
            }
        }
        return true;
    }

    /// <summary>The received version's fields at one level with the template node made for each.</summary>
    private sealed class Skeleton(FieldSet fields)
    {
        public FieldSet Fields { get; } = fields;
        public object[] Nodes { get; } = new object[fields.Count];
        /// <summary>For a struct, its fields; for a list of structs, the element's fields.</summary>
        public Skeleton?[] Nested { get; } = new Skeleton?[fields.Count];

        public void CollectNodes(HashSet<object> into)
        {
            for (var i = 0; i < Nodes.Length; i++)
            {
                into.Add(Nodes[i]);
                if (Nodes[i] is List<object?> list) into.Add(list[0]!);
                Nested[i]?.CollectNodes(into);
            }
        }

        public ObjectPlan Build(Dictionary<object, Place> places)
        {
            var slots = new SlotPlan[Nodes.Length];
            for (var i = 0; i < Nodes.Length; i++)
            {
                var node = Nodes[i];
                var place = places.GetValueOrDefault(node);
                var slot = new SlotPlan { Path = place?.Path, Sets = place?.Sets ?? [], Target = place?.Field };
                switch (node)
                {
                    case PlannedValue planned:
                        slot.Kind = SlotKind.Value;
                        slot.Steps = [.. planned.Steps];
                        break;
                    case DataObject:
                        slot.Kind = SlotKind.Struct;
                        slot.Struct = Nested[i]!.Build(places);
                        break;
                    case List<object?> list:
                        slot.Kind = SlotKind.List;
                        if (list[0] is PlannedValue item) slot.Steps = [.. item.Steps];
                        else slot.Struct = Nested[i]!.Build(places);
                        break;
                }
                slots[i] = slot;
            }
            return new ObjectPlan(Fields, slots);
        }
    }
}

/// <summary>One object level of a received version: its declared fields and a slot plan for each.</summary>
internal sealed record ObjectPlan(FieldSet Fields, SlotPlan[] Slots);

internal enum SlotKind { Value, Struct, List }

/// <summary>What becomes of one declared field's value: the value steps, and where it lands (no path: nowhere, it is dropped).</summary>
internal sealed class SlotPlan
{
    public SlotKind Kind { get; set; }
    /// <summary>Indexes from the root row (the top level, or a list element's row) to the value.</summary>
    public int[]? Path { get; init; }
    /// <summary>The latest field set of each row along <see cref="Path"/>.</summary>
    public FieldSet[] Sets { get; init; } = [];
    public FieldSchema? Target { get; init; }
    /// <summary>The value's steps; for a list of values, each element's.</summary>
    public IValueStep[] Steps { get; set; } = [];
    /// <summary>A struct's fields, or a list element struct's (whose paths start at the element's row).</summary>
    public ObjectPlan? Struct { get; set; }
}

using System.Text.Json;
using Lake.Core.Data;
using Lake.Core.Schema;
using Lake.Core.Upcasting;

namespace Lake.Core.Validation;

/// <summary>
/// Reads the data of an event sent at an older version straight into its type's latest typed values by the version's
/// <see cref="VersionPlan"/>: each value is read as the general path reads it, goes through the same operations' value steps
/// and the same validation, without the <see cref="DataObject"/> tree in between.
/// </summary>
/// <remarks>
/// As <see cref="LatestValuesReader"/>, a shortcut for clean events only: on a field the version does not declare, a repeated
/// key, a missing required field, or a value a step or the validation refuses, it gives up and the general path decides.
/// </remarks>
internal static class PlannedValuesReader
{
    /// <summary>Reads the object the reader is on (StartObject); false when the general path must decide.</summary>
    /// <remarks><paramref name="known"/>: a string already read (the event's aggregate id) that a top-level string value may repeat.</remarks>
    public static bool TryRead<R>(ref R reader, VersionPlan plan, out object?[] values, string? known = null) where R : IJsonTokens, allows ref struct
    {
        values = new object?[plan.Latest.Count];
        ulong present = 0;
        if (!TryReadObject(ref reader, plan.Root, values, ref present, known)) return false;
        if ((present & plan.Required) != plan.Required) return false;
        foreach (var (index, value) in plan.Constants) values[index] = value;
        return TryFinish(values, plan.Latest);
    }

    /// <summary>What validation makes of a value for <paramref name="field"/> (primitive): null_if, then the strict conversion.</summary>
    public static bool TryValidate(object value, FieldSchema field, out object? typed)
    {
        typed = null;
        if (value is string s && field.NullIf.Count > 0 && field.NullIf.Contains(s)) return true;
        if (!field.Type.IsPrimitive) return false;
        return ValueConverter.TryConvert(value, field.Type, lenient: false, out typed, out _);
    }

    /// <summary>
    /// Reads one object of the received version into <paramref name="root"/> (null when nothing of it is kept); marks the
    /// top-level fields that carried a value in <paramref name="present"/>.
    /// </summary>
    private static bool TryReadObject<R>(ref R reader, ObjectPlan plan, object?[]? root, ref ulong present, string? known = null) where R : IJsonTokens, allows ref struct
    {
        var fields = plan.Fields;
        ulong seen = 0;
        var next = 0;
        while (true)
        {
            if (!reader.Read()) return false;
            if (reader.TokenType == JsonTokenType.EndObject) return true;
            var i = LatestValuesReader.IndexOf(ref reader, fields, next, out _);
            if (!reader.Read()) return false;
            if (i < 0 || i >= 64 || (seen & (1UL << i)) != 0) return false;
            seen |= 1UL << i;
            next = i + 1;
            var slot = plan.Slots[i];
            var token = reader.TokenType;
            // As in the general path, a field sent as null is there (a group still forms around it) but carries no value.
            var parent = slot.Path is null || root is null ? null : Parent(root, slot);
            if (token == JsonTokenType.Null) continue;
            present |= 1UL << i;
            switch (slot.Kind)
            {
                case SlotKind.Value:
                    if (slot.Steps.Length == 0 && parent is not null)
                    {
                        // No step changes the value: read it as the latest version's own values are read, typed straight from the bytes.
                        if (!LatestValuesReader.TryPrimitive(ref reader, slot.Target!, slot.Target!.Type, out var direct, known)) return false;
                        parent[slot.Path![^1]] = direct;
                        break;
                    }
                    if (!TryScalar(ref reader, out var value) || !TrySteps(slot.Steps, ref value)) return false;
                    if (parent is null || value is null) break;
                    if (!TryValidate(value, slot.Target!, out var typed)) return false;
                    parent[slot.Path![^1]] = typed;
                    break;
                case SlotKind.Struct:
                    if (token != JsonTokenType.StartObject) return false;
                    if (parent is not null)
                    {
                        var at = slot.Path![^1];
                        if (parent[at] is not null) return false;
                        parent[at] = new object?[slot.Target!.Type.StructFields!.Count];
                    }
                    ulong nested = 0;
                    if (!TryReadObject(ref reader, slot.Struct!, parent is null ? null : root, ref nested)) return false;
                    break;
                case SlotKind.List:
                    if (token != JsonTokenType.StartArray || !TryList(ref reader, slot, out var items)) return false;
                    if (parent is not null) parent[slot.Path![^1]] = items;
                    break;
            }
        }
    }

    private static bool TryList<R>(ref R reader, SlotPlan slot, out object?[]? items) where R : IJsonTokens, allows ref struct
    {
        items = null;
        var kept = slot.Path is not null;
        var element = slot.Target?.Type.Element;
        var list = new List<object?>(4);
        while (true)
        {
            if (!reader.Read()) return false;
            if (reader.TokenType == JsonTokenType.EndArray) break;
            if (reader.TokenType == JsonTokenType.Null) { list.Add(null); continue; }
            if (slot.Struct is { } rows)
            {
                if (reader.TokenType != JsonTokenType.StartObject) return false;
                var row = kept ? new object?[element!.StructFields!.Count] : null;
                ulong nested = 0;
                if (!TryReadObject(ref reader, rows, row, ref nested)) return false;
                if (row is not null && !TryFinish(row, element!.StructFields!)) return false;
                list.Add(row);
                continue;
            }
            if (kept && slot.Steps.Length == 0)
            {
                if (!LatestValuesReader.TryPrimitive(ref reader, LatestValuesReader.Element, element!, out var direct)) return false;
                list.Add(direct);
                continue;
            }
            if (!TryScalar(ref reader, out var value) || !TrySteps(slot.Steps, ref value)) return false;
            object? typed = null;
            if (kept && value is not null && !ValueConverter.TryConvert(value, element!, lenient: false, out typed, out _)) return false;
            list.Add(typed);
        }
        if (kept) items = list.ToArray();
        return true;
    }

    /// <summary>The row that holds the slot's value, creating the structs on the way (a group forms once any of its fields is sent).</summary>
    private static object?[] Parent(object?[] root, SlotPlan slot)
    {
        var row = root;
        var path = slot.Path!;
        for (var k = 0; k < path.Length - 1; k++)
        {
            if (row[path[k]] is not object?[] next)
            {
                next = new object?[slot.Sets[k + 1].Count];
                row[path[k]] = next;
            }
            row = next;
        }
        return row;
    }

    /// <summary>A value as <see cref="JsonDataReader"/> reads it; false for an object or array where the version declares a value.</summary>
    private static bool TryScalar<R>(ref R reader, out object? value) where R : IJsonTokens, allows ref struct
    {
        value = null;
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
            case JsonTokenType.Number:
            case JsonTokenType.True:
            case JsonTokenType.False:
            case JsonTokenType.Null:
                value = JsonDataReader.ReadValue(ref reader);
                return true;
            default:
                return false;
        }
    }

    private static bool TrySteps(IValueStep[] steps, ref object? value)
    {
        for (var k = 0; k < steps.Length && value is not null; k++)
        {
            if (!steps[k].TryApply(value, out value)) return false;
        }
        return true;
    }

    /// <summary>Defaults for what is missing, refusal when a required field is; then the same for the structs inside.</summary>
    private static bool TryFinish(object?[] row, FieldSet fields)
    {
        for (var i = 0; i < row.Length; i++)
        {
            var field = fields[i];
            if (row[i] is null)
            {
                if (field.HasDefault) row[i] = field.Default;
                else if (field.Required) return false;
                continue;
            }
            if (field.Type.Kind == FieldKind.Struct && !TryFinish((object?[])row[i]!, field.Type.StructFields!)) return false;
        }
        return true;
    }
}

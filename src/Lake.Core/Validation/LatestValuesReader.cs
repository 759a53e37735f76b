using System.Globalization;
using System.Text.Json;
using Lake.Core.Data;
using Lake.Core.Schema;
using Lake.Core.Upcasting;

namespace Lake.Core.Validation;

/// <summary>
/// Reads the data of an event sent at its type's latest version straight from JSON into the validated typed values
/// <see cref="EventValidator"/> would produce, without building the <see cref="DataObject"/> tree first.
/// </summary>
/// <remarks>
/// A shortcut for the common case only: on anything but a clean event (a type mismatch, a missing required field, a repeated
/// key, a number or text it does not read exactly as the general path does) it gives up, and the caller rewinds and takes the
/// general path, which produces the verdict and its message. So the results are the general path's, by construction.
/// </remarks>
internal static class LatestValuesReader
{
    private const NumberStyles DecimalText = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;

    /// <summary>Reads the object the reader is on (StartObject) into values in schema order; false when the general path must decide.</summary>
    /// <remarks><paramref name="known"/>: a string already read (the event's aggregate id) that a top-level string value may repeat.</remarks>
    public static bool TryRead<R>(ref R reader, FieldSet fields, out object?[] values, ref List<string>? unknown, PathRef path, string? known = null) where R : IJsonTokens, allows ref struct
    {
        values = new object?[fields.Count];
        // Up to 64 fields a bit mask finds a repeated key; wider structs give up on any repeat they cannot rule out.
        ulong seen = 0;
        var next = 0;
        while (true)
        {
            if (!reader.Read()) return false;
            if (reader.TokenType == JsonTokenType.EndObject) break;
            var i = IndexOf(ref reader, fields, next, out var unknownName);
            if (!reader.Read()) return false;
            if (i < 0)
            {
                (unknown ??= []).Add(UnknownFieldPath.Of(path.Materialize(), unknownName!));
                if (!TrySkip(ref reader)) return false;
                continue;
            }
            if (i >= 64 || (seen & (1UL << i)) != 0) return false;
            seen |= 1UL << i;
            next = i + 1;
            if (!TryValue(ref reader, fields[i], fields[i].Type, out values[i], ref unknown, path, fields.InternedName(i), known)) return false;
        }
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i] is not null) continue;
            var field = fields[i];
            if (field.HasDefault) values[i] = field.Default;
            else if (field.Required) return false;
        }
        return true;
    }

    /// <summary>
    /// The index of the field the reader's property name names, or -1 with the name when the fields do not declare it.
    /// Producers send fields in one order, mostly the schema's: the field after the previous one is tried first, byte for
    /// byte, before the name is materialised and looked up.
    /// </summary>
    public static int IndexOf<R>(ref R reader, FieldSet fields, int next, out string? unknown) where R : IJsonTokens, allows ref struct
    {
        unknown = null;
        if (!reader.ValueIsEscaped && !reader.HasValueSequence)
        {
            var span = reader.ValueSpan;
            if (next < fields.Count && span.SequenceEqual(fields.Utf8Name(next))) return next;
            // Older versions send their fields in another order than the plan's: a few byte comparisons beat a lookup by text.
            if (fields.Count <= 16)
            {
                for (var k = 0; k < fields.Count; k++)
                {
                    if (span.SequenceEqual(fields.Utf8Name(k))) return k;
                }
            }
        }
        var name = JsonDataReader.Utf8Strings.Get(ref reader);
        var i = fields.IndexOf(name);
        if (i < 0) unknown = name;
        return i;
    }

    /// <summary>
    /// Skips an unknown field's value. The general path reads every string in it as text, which fails on an escape that is
    /// not valid UTF-16 (a lone surrogate), so any escaped text in the value is left to the general path.
    /// </summary>
    private static bool TrySkip<R>(ref R reader) where R : IJsonTokens, allows ref struct
    {
        if (reader.TokenType == JsonTokenType.String) return !reader.ValueIsEscaped;
        if (reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray)) return true;
        var depth = reader.CurrentDepth;
        while (reader.Read() && reader.CurrentDepth > depth)
        {
            if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped) return false;
        }
        return reader.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray && reader.CurrentDepth == depth;
    }

    /// <summary>A primitive value (reader on it, not null) as validation makes it for <paramref name="field"/>; false when the general path must decide.</summary>
    public static bool TryPrimitive<R>(ref R reader, FieldSchema field, FieldType type, out object? value, string? known = null) where R : IJsonTokens, allows ref struct
    {
        List<string>? none = null;
        return TryValue(ref reader, field, type, out value, ref none, default, field.Name, known);
    }

    /// <summary>Stands in for a list's elements, which have no field declaration of their own.</summary>
    public static FieldSchema Element => NoNullIf;

    private static bool TryValue<R>(ref R reader, FieldSchema field, FieldType type, out object? value, ref List<string>? unknown, PathRef path, string name, string? known = null) where R : IJsonTokens, allows ref struct
    {
        value = null;
        var token = reader.TokenType;
        if (token == JsonTokenType.Null) return true;
        string? text = null;
        if (token == JsonTokenType.String && field.NullIf.Count > 0 && type.IsPrimitive)
        {
            // null_if compares the text, so it is read as text first, as the general path does.
            text = reader.GetString()!;
            if (field.NullIf.Contains(text)) return true;
        }
        switch (type.Kind)
        {
            case FieldKind.String:
                if (token != JsonTokenType.String) return false;
                value = text ?? ReadString(ref reader, known);
                return true;
            case FieldKind.Enum:
                if (token != JsonTokenType.String) return false;
                var allowed = type.EnumValues;
                for (var k = 0; k < allowed.Count; k++)
                {
                    if (reader.ValueTextEquals(allowed[k])) { value = allowed[k]; return true; }
                }
                return false;
            case FieldKind.Bool:
                if (token == JsonTokenType.True) { value = Boxes.True; return true; }
                if (token == JsonTokenType.False) { value = Boxes.False; return true; }
                return false;
            case FieldKind.Int32:
            case FieldKind.Int64:
                if (token != JsonTokenType.Number || !reader.TryGetInt64(out var l)) return false;
                if (type.Kind == FieldKind.Int64) { value = l; return true; }
                if (l is < int.MinValue or > int.MaxValue) return false;
                value = Boxes.Int((int)l);
                return true;
            case FieldKind.Double:
                if (token != JsonTokenType.Number) return false;
                // Through the general path's shared boxes, which turn -0 into 0, so the double is +0.0 there too.
                if (reader.TryGetDecimal(out var dm)) { value = (double)(decimal)Boxes.Decimal(dm); return true; }
                if (!reader.TryGetDouble(out var dd)) return false;
                value = dd;
                return true;
            case FieldKind.Decimal:
                if (token == JsonTokenType.Number)
                {
                    // The common amount ("38.26" for a decimal(18,2)) is fitted from its digits; the same value the steps below give.
                    if (!reader.HasValueSequence && ValueConverter.TryFitPlainDecimal(reader.ValueSpan, type, out value)) return true;
                    if (!reader.TryGetDecimal(out var number)) return false;
                    // As the general path: the number goes through its shared boxes (-0 becomes 0) and is kept as it is
                    // when already at the declared scale; text and other scales are fitted.
                    var boxed = Boxes.Decimal(number);
                    var dec = (decimal)boxed;
                    if (dec.Scale == type.Scale && ValueConverter.FitsPrecision(dec, type)) { value = boxed; return true; }
                    return ValueConverter.TryFitDecimal(dec, type, out value, out _);
                }
                if (token != JsonTokenType.String || reader.ValueIsEscaped || reader.HasValueSequence) return false;
                if (!decimal.TryParse(reader.ValueSpan, DecimalText, CultureInfo.InvariantCulture, out var parsed)) return false;
                return ValueConverter.TryFitDecimal(parsed, type, out value, out _);
            case FieldKind.Timestamp:
                if (token != JsonTokenType.String || reader.ValueIsEscaped || reader.HasValueSequence) return false;
                if (!Timestamps.TryParseUtc(reader.ValueSpan, out var t)) return false;
                value = t;
                return true;
            case FieldKind.Date:
                if (token != JsonTokenType.String || !Timestamps.TryParseDate(reader.GetString(), out var date)) return false;
                value = date;
                return true;
            case FieldKind.Struct:
                if (token != JsonTokenType.StartObject) return false;
                if (!TryRead(ref reader, type.StructFields!, out var row, ref unknown, new PathRef(path.Materialize(), name, Element: false))) return false;
                value = row;
                return true;
            case FieldKind.List:
                return TryList(ref reader, field, type, out value, ref unknown, path, name);
            default:
                return false;
        }
    }

    /// <summary>A string value; <paramref name="known"/> itself when the value is that text (most events repeat their aggregate id in their data), not a second copy.</summary>
    private static string ReadString<R>(ref R reader, string? known) where R : IJsonTokens, allows ref struct =>
        known is not null && !reader.HasValueSequence && !reader.ValueIsEscaped && reader.ValueSpan.Length == known.Length && reader.ValueTextEquals(known)
            ? known
            : reader.GetString()!;

    private static bool TryList<R>(ref R reader, FieldSchema field, FieldType type, out object? value, ref List<string>? unknown, PathRef path, string name) where R : IJsonTokens, allows ref struct
    {
        value = null;
        if (reader.TokenType != JsonTokenType.StartArray) return false;
        var element = type.Element!;
        // Unknown fields inside list elements are reported as items[].name; nested lists are not walked (as in UnknownFields).
        var elementPath = new PathRef(path.Materialize(), name, Element: true);
        var items = new List<object?>(4);
        while (true)
        {
            if (!reader.Read()) return false;
            if (reader.TokenType == JsonTokenType.EndArray) break;
            if (reader.TokenType == JsonTokenType.Null) { items.Add(null); continue; }
            object? item;
            if (element.Kind == FieldKind.Struct)
            {
                if (reader.TokenType != JsonTokenType.StartObject) return false;
                if (!TryRead(ref reader, element.StructFields!, out var row, ref unknown, elementPath)) return false;
                item = row;
            }
            else
            {
                // Elements carry no null_if of their own: the list field's applies only to the list value itself.
                List<string>? none = null;
                if (!TryValue(ref reader, NoNullIf, element, out item, ref none, default, name) || none is not null) return false;
            }
            items.Add(item);
        }
        value = items.ToArray();
        return true;
    }

    /// <summary>
    /// Where an object being read sits, for naming unknown fields: the parent's path and this object's field, made into an
    /// <see cref="UnknownFieldPath"/> only when an unknown field is found or the reading goes a level deeper.
    /// </summary>
    internal readonly record struct PathRef(UnknownFieldPath? Parent, string? Name, bool Element)
    {
        public UnknownFieldPath? Materialize() => Name is null ? Parent : new UnknownFieldPath(Parent, Name, Element);
    }

    /// <summary>Stands in for a list's elements, which have no field declaration of their own.</summary>
    private static readonly FieldSchema NoNullIf = new() { Name = "element", Type = FieldType.String };
}

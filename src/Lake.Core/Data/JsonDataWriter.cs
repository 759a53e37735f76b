using System.Text.Json;
using Lake.Core.Schema;

namespace Lake.Core.Data;

/// <summary>Writes data values as JSON: decimals with their scale kept, timestamps as ISO 8601 UTC, dates as yyyy-MM-dd.</summary>
public static class JsonDataWriter
{
    public static void WriteValue(Utf8JsonWriter w, object? value)
    {
        switch (value)
        {
            case null: w.WriteNullValue(); break;
            case string s: w.WriteStringValue(s); break;
            case bool b: w.WriteBooleanValue(b); break;
            case decimal m: w.WriteNumberValue(m); break;
            case double d: w.WriteNumberValue(d); break;
            case long l: w.WriteNumberValue(l); break;
            case int i: w.WriteNumberValue(i); break;
            case DateTime t:
                Span<char> text = stackalloc char[27];
                w.WriteStringValue(text[..Timestamps.Format(t, text, fixedMicros: false)]);
                break;
            case DateOnly d: w.WriteStringValue(d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)); break;
            case DataObject o: WriteObject(w, o); break;
            case List<object?> items:
                w.WriteStartArray();
                for (var i = 0; i < items.Count; i++) WriteValue(w, items[i]);
                w.WriteEndArray();
                break;
            case System.Collections.IEnumerable list:
                w.WriteStartArray();
                foreach (var item in list) WriteValue(w, item);
                w.WriteEndArray();
                break;
            default: throw new ArgumentException($"cannot write {value.GetType().Name} as JSON");
        }
    }

    public static void WriteObject(Utf8JsonWriter w, DataObject o)
    {
        w.WriteStartObject();
        for (var i = 0; i < o.Count; i++)
        {
            w.WritePropertyName(o.NameAt(i));
            WriteValue(w, o.ValueAt(i));
        }
        w.WriteEndObject();
    }

    /// <summary>Writes a typed row (as produced by validation) as a JSON object, using the schema for names and nesting.</summary>
    public static void WriteRow(Utf8JsonWriter w, FieldSet fields, object?[] row)
    {
        w.WriteStartObject();
        for (var i = 0; i < fields.Count; i++)
        {
            w.WritePropertyName(fields[i].Name);
            WriteTyped(w, fields[i].Type, row[i]);
        }
        w.WriteEndObject();
    }

    private static void WriteTyped(Utf8JsonWriter w, FieldType type, object? value)
    {
        if (value is null) { w.WriteNullValue(); return; }
        switch (type.Kind)
        {
            case FieldKind.Struct: WriteRow(w, type.StructFields!, (object?[])value); break;
            case FieldKind.List:
                w.WriteStartArray();
                foreach (var item in (object?[])value) WriteTyped(w, type.Element!, item);
                w.WriteEndArray();
                break;
            default: WriteValue(w, value); break;
        }
    }
}

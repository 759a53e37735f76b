using System.Collections;
using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Lake.Core.Data;

namespace Lake.Query;

/// <summary>How <c>lake query</c> prints a result.</summary>
public enum ResultFormat
{
    /// <summary>An aligned text table with headers.</summary>
    Table,
    /// <summary>RFC 4180 CSV with a header line.</summary>
    Csv,
    /// <summary>One JSON object per row, one per line.</summary>
    Json,
}

/// <summary>Writes a <see cref="QueryResult"/> as a table, CSV or JSON lines; decimals keep their scale, timestamps print as ISO 8601 UTC.</summary>
public static class ResultWriter
{
    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes <paramref name="result"/> to <paramref name="output"/> in <paramref name="format"/>.</summary>
    public static void Write(QueryResult result, ResultFormat format, TextWriter output)
    {
        switch (format)
        {
            case ResultFormat.Csv: WriteCsv(result, output); break;
            case ResultFormat.Json: WriteJson(result, output); break;
            default: WriteTable(result, output); break;
        }
    }

    private static void WriteTable(QueryResult result, TextWriter output)
    {
        var columns = result.Columns;
        var cells = result.Rows.Select(r => r.Select((v, i) => v is null ? "NULL" : Text(v, columns[i].TypeName).Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal)).ToArray()).ToList();
        var widths = columns.Select((c, i) => Math.Max(c.Name.Length, cells.Count == 0 ? 0 : cells.Max(r => r[i].Length))).ToArray();
        var right = columns.Select(c => IsNumeric(c.ClrType)).ToArray();
        var line = new StringBuilder();
        void Row(IReadOnlyList<string> values, bool header)
        {
            line.Clear();
            for (var i = 0; i < values.Count; i++)
            {
                if (i > 0) line.Append(" | ");
                line.Append(right[i] && !header ? values[i].PadLeft(widths[i]) : values[i].PadRight(widths[i]));
            }
            output.WriteLine(line.ToString().TrimEnd());
        }
        Row(columns.Select(c => c.Name).ToArray(), header: true);
        output.WriteLine(string.Join("-+-", widths.Select(w => new string('-', w))));
        foreach (var r in cells) Row(r, header: false);
        output.WriteLine(result.Rows.Count == 1 ? "(1 row)" : $"({result.Rows.Count} rows)");
    }

    private static void WriteCsv(QueryResult result, TextWriter output)
    {
        output.Write(string.Join(',', result.Columns.Select(c => Csv(c.Name))) + "\r\n");
        foreach (var row in result.Rows)
            output.Write(string.Join(',', row.Select((v, i) => v is null ? "" : Csv(Text(v, result.Columns[i].TypeName)))) + "\r\n");
    }

    private static string Csv(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static void WriteJson(QueryResult result, TextWriter output)
    {
        var buffer = new MemoryStream();
        foreach (var row in result.Rows)
        {
            buffer.SetLength(0);
            using (var w = new Utf8JsonWriter(buffer, JsonOptions))
            {
                w.WriteStartObject();
                for (var i = 0; i < row.Length; i++)
                {
                    w.WritePropertyName(result.Columns[i].Name);
                    Json(w, row[i], result.Columns[i].TypeName);
                }
                w.WriteEndObject();
            }
            output.WriteLine(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        }
    }

    private static void Json(Utf8JsonWriter w, object? value, string? typeName)
    {
        switch (value)
        {
            case null: w.WriteNullValue(); break;
            case bool b: w.WriteBooleanValue(b); break;
            case decimal d: w.WriteRawValue(Decimal(d)); break;
            case double d when double.IsFinite(d): w.WriteNumberValue(d); break;
            case float f when float.IsFinite(f): w.WriteNumberValue(f); break;
            case sbyte or byte or short or ushort or int or uint or long or ulong or BigInteger:
                w.WriteRawValue(Convert.ToString(value, CultureInfo.InvariantCulture)!); break;
            case IDictionary dict:
                w.WriteStartObject();
                foreach (DictionaryEntry e in dict)
                {
                    w.WritePropertyName(Convert.ToString(e.Key, CultureInfo.InvariantCulture)!);
                    Json(w, e.Value, null);
                }
                w.WriteEndObject();
                break;
            case IEnumerable list and not string and not byte[]:
                w.WriteStartArray();
                foreach (var item in list) Json(w, item, null);
                w.WriteEndArray();
                break;
            default: w.WriteStringValue(Text(value, typeName)); break;
        }
    }

    /// <summary>A value as text: nested values as JSON, decimals with their column's scale, timestamps as ISO 8601 UTC, dates as yyyy-MM-dd.</summary>
    internal static string Text(object value, string? typeName) => value switch
    {
        string s => s,
        decimal d => Decimal(d),
        DateTime t when typeName is "Date" => t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime t => Timestamps.Format(t.Kind == DateTimeKind.Local ? t.ToUniversalTime() : t),
        DateTimeOffset t => Timestamps.Format(t.UtcDateTime),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        byte[] bytes => Blob(bytes),
        IDictionary or (IEnumerable and not string) => NestedJson(value),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string NestedJson(object value)
    {
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, JsonOptions)) Json(w, value, null);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>A decimal as DuckDB returns it: with its column's scale (12.50 for DECIMAL(18,2)).</summary>
    private static string Decimal(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Bytes as UTF-8 text when they are valid UTF-8, else DuckDB-style with \xNN escapes for non-printable bytes.</summary>
    private static string Blob(byte[] bytes)
    {
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            var sb = new StringBuilder(bytes.Length * 2);
            foreach (var b in bytes)
                sb.Append(b is >= 0x20 and < 0x7f && b != '\\' ? ((char)b).ToString() : $"\\x{b:X2}");
            return sb.ToString();
        }
    }

    private static bool IsNumeric(Type type) =>
        type == typeof(sbyte) || type == typeof(byte) || type == typeof(short) || type == typeof(ushort) || type == typeof(int) || type == typeof(uint)
        || type == typeof(long) || type == typeof(ulong) || type == typeof(BigInteger) || type == typeof(float) || type == typeof(double) || type == typeof(decimal);
}

using System.Globalization;
using System.Numerics;
using Lake.Core.Data;
using Lake.Core.Schema;

namespace Lake.Core.Validation;

/// <summary>
/// Converts one primitive value to a declared type. Strict mode is validation (the value must already be in the type's JSON form);
/// lenient mode is an explicit <c>convert</c> upcast step (strings become numbers, timestamps and so on).
/// </summary>
public static class ValueConverter
{
    private static readonly decimal[] ScaleZeros = Enumerable.Range(0, 29).Select(s => new decimal(0, 0, 0, false, (byte)s)).ToArray();

    /// <summary>Converts <paramref name="value"/> (not null) to <paramref name="type"/>; on failure returns false and says why.</summary>
    public static bool TryConvert(object value, FieldType type, bool lenient, out object? result, out string problem)
    {
        problem = "";
        result = null;
        switch (type.Kind)
        {
            case FieldKind.String:
                if (value is string) { result = value; return true; }
                if (lenient && value is decimal or double or bool or long or int) { result = Convert.ToString(value, CultureInfo.InvariantCulture)!.ToLowerInvariant(); return true; }
                if (lenient && value is DateTime t) { result = Timestamps.Format(t); return true; }
                break;
            case FieldKind.Bool:
                if (value is bool) { result = value; return true; }
                if (lenient && value is string bs && bool.TryParse(bs, out var b)) { result = Boxes.Bool(b); return true; }
                break;
            case FieldKind.Int32:
            case FieldKind.Int64:
                if (TryInteger(value, lenient, out var l))
                {
                    if (type.Kind == FieldKind.Int64) { result = l; return true; }
                    if (l is >= int.MinValue and <= int.MaxValue) { result = Boxes.Int((int)l); return true; }
                    problem = "out of int32 range";
                    return false;
                }
                break;
            case FieldKind.Double:
                switch (value)
                {
                    case double d: result = d; return true;
                    case decimal m: result = (double)m; return true;
                    case long or int: result = Convert.ToDouble(value, CultureInfo.InvariantCulture); return true;
                    case string ds when lenient && double.TryParse(ds, NumberStyles.Float, CultureInfo.InvariantCulture, out var dv): result = dv; return true;
                }
                break;
            case FieldKind.Decimal:
                if (TryGetDecimal(value, out var dec))
                {
                    // A decimal already at the declared scale and within precision is kept as it is, box and all.
                    if (value is decimal && dec.Scale == type.Scale && FitsPrecision(dec, type)) { result = value; return true; }
                    return TryFitDecimal(dec, type, out result, out problem);
                }
                break;
            case FieldKind.Timestamp:
                if (value is DateTime dt) { result = dt; return true; }
                if (value is string ts && Timestamps.TryParseUtc(ts, out var parsed)) { result = parsed; return true; }
                if (value is string) { problem = "expected an ISO 8601 timestamp with offset, e.g. 2026-11-20T10:15:00Z"; return false; }
                break;
            case FieldKind.Date:
                if (value is DateOnly) { result = value; return true; }
                if (value is string ds2 && Timestamps.TryParseDate(ds2, out var date)) { result = date; return true; }
                if (lenient && value is DateTime dt2) { result = DateOnly.FromDateTime(dt2); return true; }
                break;
            case FieldKind.Enum:
                if (value is string es)
                {
                    foreach (var allowed in type.EnumValues)
                    {
                        if (string.Equals(allowed, es, StringComparison.Ordinal)) { result = allowed; return true; }
                    }
                    problem = $"\"{JsonValues.Truncate(es)}\" is not one of {string.Join(", ", type.EnumValues)}";
                    return false;
                }
                break;
            default:
                throw new ArgumentException($"{type} is not a primitive type", nameof(type));
        }
        problem = $"expected {type}, got {JsonValues.Describe(value)}";
        return false;
    }

    private static bool TryInteger(object value, bool lenient, out long result)
    {
        switch (value)
        {
            case long l: result = l; return true;
            case int i: result = i; return true;
            case decimal m when m == decimal.Truncate(m) && m >= long.MinValue && m <= long.MaxValue: result = (long)m; return true;
            case string s when lenient && long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var p): result = p; return true;
            default: result = 0; return false;
        }
    }

    /// <summary>Decimals arrive as JSON numbers or, to keep precision, as numeric strings; both are accepted.</summary>
    public static bool TryGetDecimal(object value, out decimal result)
    {
        switch (value)
        {
            case decimal m: result = m; return true;
            case long l: result = l; return true;
            case int i: result = i; return true;
            case string s:
                return TryParsePlainDecimal(s, out result)
                    || decimal.TryParse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent,
                        CultureInfo.InvariantCulture, out result);
            default: result = 0; return false;
        }
    }

    /// <summary>
    /// The common text of an amount (<c>-12.50</c>: a sign, at most 18 digits, a point) parsed without the general parser's
    /// cost; false leaves any other text (exponents, zero, longer numbers) to <see cref="decimal.TryParse(string, NumberStyles, IFormatProvider, out decimal)"/>,
    /// whose result this matches bit for bit, trailing zeros (the scale) included.
    /// </summary>
    internal static bool TryParsePlainDecimal(string s, out decimal result) => TryParsePlainDecimal(s.AsSpan(), out result);

    /// <inheritdoc cref="TryParsePlainDecimal(string, out decimal)"/>
    /// <remarks>Over UTF-8 bytes, a JSON number's text: the same result as <see cref="System.Text.Json.Utf8JsonReader.TryGetDecimal"/>.</remarks>
    internal static bool TryParsePlainDecimal<T>(ReadOnlySpan<T> s, out decimal result) where T : unmanaged, IBinaryInteger<T>
    {
        if (!TryParsePlain(s, out var mantissa, out var scale, out var negative, out _))
        {
            result = 0;
            return false;
        }
        result = new decimal((int)(uint)mantissa, (int)(uint)(mantissa >> 32), 0, negative, (byte)scale);
        return true;
    }

    /// <summary>
    /// A plain JSON number (<see cref="TryParsePlainDecimal{T}"/>) straight to the value validation gives it for a
    /// <paramref name="type"/> decimal: at the declared scale, when it has no more decimals than the scale and fits the
    /// precision; false leaves everything else, fitting or not, to the general path.
    /// </summary>
    internal static bool TryFitPlainDecimal(ReadOnlySpan<byte> utf8, FieldType type, out object? result)
    {
        result = null;
        if (!TryParsePlain(utf8, out var mantissa, out var scale, out var negative, out var digits)) return false;
        var widen = type.Scale - scale;
        // Beyond 28 digits the value leaves decimal's range: the general path decides.
        if (widen < 0 || digits + widen > 28) return false;
        var scaled = (UInt128)mantissa * Pow10Integers[widen];
        if (type.Precision < 29 && scaled >= Pow10Integers[type.Precision]) return false;
        result = Boxes.Decimal(new decimal((int)(uint)scaled, (int)(uint)(scaled >> 32), (int)(uint)(scaled >> 64), negative, (byte)type.Scale));
        return true;
    }

    private static readonly UInt128[] Pow10Integers = Enumerable.Range(0, 29).Select(n => Enumerable.Repeat((UInt128)10, n).Aggregate((UInt128)1, (a, b) => a * b)).ToArray();

    private static bool TryParsePlain<T>(ReadOnlySpan<T> s, out ulong mantissa, out int scale, out bool negative, out int digits) where T : unmanaged, IBinaryInteger<T>
    {
        mantissa = 0;
        digits = 0;
        scale = -1;
        var i = 0;
        negative = s.Length > 0 && uint.CreateTruncating(s[0]) == '-';
        if (negative) i++;
        for (; i < s.Length; i++)
        {
            var c = uint.CreateTruncating(s[i]);
            if (c == '.')
            {
                if (scale >= 0) return false;
                scale = 0;
                continue;
            }
            var d = c - '0';
            if (d > 9 || ++digits > 18) return false;
            mantissa = mantissa * 10 + d;
            if (scale >= 0) scale++;
        }
        // No digits, a point with no digit after it, or zero (whose sign and scale the general parser decides): not plain.
        if (digits == 0 || scale == 0 || mantissa == 0) return false;
        if (scale < 0) scale = 0;
        return uint.CreateTruncating(s[negative ? 1 : 0]) != '.';
    }

    internal static bool FitsPrecision(decimal value, FieldType type)
    {
        var intDigits = type.Precision - type.Scale;
        return intDigits >= 29 || Math.Abs(decimal.Truncate(value)) < Pow10(intDigits);
    }

    /// <summary>Never rounds: a value with more decimals than the scale, or more integer digits than the precision allows, is a mismatch.</summary>
    public static bool TryFitDecimal(decimal value, FieldType type, out object? result, out string problem)
    {
        result = null;
        problem = "";
        var rounded = decimal.Round(value, type.Scale);
        if (rounded != value)
        {
            problem = $"{value.ToString(CultureInfo.InvariantCulture)} has more than {type.Scale} decimal places for {type}";
            return false;
        }
        var intDigits = type.Precision - type.Scale;
        if (intDigits < 29 && Math.Abs(decimal.Truncate(rounded)) >= Pow10(intDigits))
        {
            problem = $"{value.ToString(CultureInfo.InvariantCulture)} does not fit {type}";
            return false;
        }
        result = rounded + ScaleZeros[type.Scale];
        return true;
    }

    private static readonly decimal[] Powers = Enumerable.Range(0, 29).Select(n => Enumerable.Repeat(10m, n).Aggregate(1m, (a, b) => a * b)).ToArray();

    /// <summary>10^n for n in 0..28 (the range of .NET decimal).</summary>
    public static decimal Pow10(int n) => Powers[n];

    /// <summary>JSON-friendly rendering of a typed value: decimals keep their declared scale, timestamps are ISO UTC.</summary>
    public static string FormatKey(object? value) => value switch
    {
        null => "null",
        string s => s,
        bool b => b ? "true" : "false",
        decimal m => m.ToString(CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}

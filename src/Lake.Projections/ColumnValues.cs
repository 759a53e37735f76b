using System.Globalization;
using Lake.Core.Data;
using Lake.Core.Schema;

namespace Lake.Projections;

/// <summary>Converts values into a column's .NET type (the types the snapshot writer takes) and does the folds' arithmetic.</summary>
public static class ColumnValues
{
    /// <summary>The kinds a projection column may have: primitives only, so every reader (DataFrame included) can hold them.</summary>
    public static bool IsSupported(FieldType type) => type.Kind is FieldKind.String or FieldKind.Enum or FieldKind.Bool or FieldKind.Int32
        or FieldKind.Int64 or FieldKind.Double or FieldKind.Decimal or FieldKind.Timestamp or FieldKind.Date;

    public static object? Coerce(object? value, FieldType type)
    {
        if (value is null) return null;
        var c = CultureInfo.InvariantCulture;
        switch (type.Kind)
        {
            case FieldKind.String or FieldKind.Enum:
                return value switch
                {
                    string s => s,
                    DateTime dt => Timestamps.Format(dt),
                    IFormattable f => f.ToString(null, c),
                    _ => value.ToString(),
                };
            case FieldKind.Bool: return value is string bs ? bool.Parse(bs) : Convert.ToBoolean(value, c);
            case FieldKind.Int32: return value is string i32 ? int.Parse(i32, c) : Convert.ToInt32(value, c);
            case FieldKind.Int64: return value is string i64 ? long.Parse(i64, c) : Convert.ToInt64(value, c);
            case FieldKind.Double: return value is string ds ? double.Parse(ds, c) : Convert.ToDouble(value, c);
            case FieldKind.Decimal:
                // Rounded to the column's scale, as the Parquet decimal would store it, so state and snapshot agree.
                var d = value is string dec ? decimal.Parse(dec, NumberStyles.Float, c) : Convert.ToDecimal(value, c);
                return Math.Round(d, type.Scale, MidpointRounding.AwayFromZero);
            case FieldKind.Timestamp:
                return value switch
                {
                    DateTime t => t.Kind == DateTimeKind.Utc ? t : DateTime.SpecifyKind(t, DateTimeKind.Utc),
                    string ts when Timestamps.TryParseUtc(ts.AsSpan(), out var parsed) => parsed,
                    _ => throw new FormatException($"'{value}' is not a UTC timestamp such as 2026-06-30T23:59:59Z"),
                };
            case FieldKind.Date:
                return value switch
                {
                    DateOnly o => o,
                    DateTime t => DateOnly.FromDateTime(t),
                    string ds2 => DateOnly.ParseExact(ds2, "yyyy-MM-dd", c),
                    _ => throw new FormatException($"'{value}' is not a date such as 2026-06-30"),
                };
            default:
                throw new ArgumentOutOfRangeException(nameof(type), type.Kind, "projection columns are primitive");
        }
    }

    /// <summary><paramref name="current"/> + sign * <paramref name="operand"/>; a null column counts as zero, a null operand changes nothing.</summary>
    public static object? Add(object? current, object? operand, FieldType type, int sign)
    {
        if (operand is null) return current;
        // The common cases without Convert's type dispatch: a decimal or int64 field into a column of the same type.
        if (type.Kind == FieldKind.Decimal && operand is decimal dv)
        {
            var sum = (current is null ? 0m : (decimal)current) + (sign > 0 ? dv : -dv);
            return sum.Scale > type.Scale ? Math.Round(sum, type.Scale, MidpointRounding.AwayFromZero) : sum;
        }
        if (type.Kind == FieldKind.Int64 && operand is long lv) return (current is null ? 0L : (long)current) + (sign > 0 ? lv : -lv);
        var c = CultureInfo.InvariantCulture;
        return type.Kind switch
        {
            FieldKind.Int32 => (current is null ? 0 : (int)current) + sign * Convert.ToInt32(operand, c),
            FieldKind.Int64 => (current is null ? 0L : (long)current) + sign * Convert.ToInt64(operand, c),
            FieldKind.Double => (current is null ? 0d : (double)current) + sign * Convert.ToDouble(operand, c),
            FieldKind.Decimal => Math.Round((current is null ? 0m : (decimal)current) + sign * Convert.ToDecimal(operand, c), type.Scale, MidpointRounding.AwayFromZero),
            _ => throw new InvalidOperationException($"cannot add to a {type} column"),
        };
    }

    /// <summary>Orders two non-null values of one column type.</summary>
    public static int Compare(object a, object b) => a switch
    {
        string s => string.CompareOrdinal(s, (string)b),
        _ => ((IComparable)a).CompareTo(b),
    };
}

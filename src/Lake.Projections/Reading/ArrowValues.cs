using Apache.Arrow;
using Apache.Arrow.Types;

namespace Lake.Projections.Reading;

/// <summary>
/// Reads one value of an Arrow array as the .NET value the catalog uses: string, bool, int, long, double, decimal, DateTime (UTC),
/// DateOnly, and object?[] for structs (fields in order) and lists.
/// </summary>
internal static class ArrowValues
{
    private static readonly long EpochTicks = DateTime.UnixEpoch.Ticks;

    public static object? Get(IArrowArray array, int row)
    {
        if (array.IsNull(row)) return null;
        switch (array)
        {
            case StringArray s: return s.GetString(row);
            case Int64Array l: return l.GetValue(row);
            case Int32Array i: return i.GetValue(row);
            case BooleanArray b: return b.GetValue(row);
            case DoubleArray d: return d.GetValue(row);
            case Decimal128Array m: return m.GetValue(row);
            case TimestampArray t: return Timestamp(t, row);
            case Date32Array d32: return DateOnly.FromDateTime(DateTime.UnixEpoch.AddDays(d32.GetValue(row)!.Value));
            case Date64Array d64: return DateOnly.FromDateTime(DateTime.UnixEpoch.AddMilliseconds(d64.GetValue(row)!.Value));
            case StructArray st:
                var values = new object?[st.Fields.Count];
                for (var f = 0; f < values.Length; f++) values[f] = Get(st.Fields[f], row);
                return values;
            case ListArray list:
                var start = list.ValueOffsets[row];
                var end = list.ValueOffsets[row + 1];
                var items = new object?[end - start];
                for (var k = start; k < end; k++) items[k - start] = Get(list.Values, k);
                return items;
            case Int16Array i16: return (int)i16.GetValue(row)!.Value;
            case FloatArray f32: return (double)f32.GetValue(row)!.Value;
            default: throw new NotSupportedException($"Arrow type {array.Data.DataType.Name} is not a lake column type");
        }
    }

    /// <summary>The timestamp as UTC ticks since 0001-01-01 (the sort key and DateTime's unit).</summary>
    public static long Ticks(TimestampArray t, int row) => Ticks(t.Values[row], ((TimestampType)t.Data.DataType).Unit);

    /// <summary>A raw Arrow timestamp of <paramref name="unit"/> as UTC ticks since 0001-01-01.</summary>
    public static long Ticks(long raw, TimeUnit unit) => EpochTicks + unit switch
    {
        TimeUnit.Second => raw * TimeSpan.TicksPerSecond,
        TimeUnit.Millisecond => raw * TimeSpan.TicksPerMillisecond,
        TimeUnit.Microsecond => raw * 10,
        _ => raw / 100,
    };

    /// <summary>The day number (<see cref="DateOnly.DayNumber"/>) of 1970-01-01, the origin of Arrow's date32.</summary>
    public static readonly int EpochDay = DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;

    public static DateTime Timestamp(TimestampArray t, int row) => new(Ticks(t, row), DateTimeKind.Utc);
}

using Lake.Parquet;
using Apache.Arrow;
using Apache.Arrow.Types;
using Lake.Projections.Snapshots;

namespace Lake.Projections.Reading;

/// <summary>
/// Readers of one top-level column of a chunk over managed copies of its values, made once per chunk: a read is an array load, not a
/// trip through the native buffer's Memory&lt;T&gt; as Arrow's per-value accessors make.
/// </summary>
internal static class ArrowColumns
{
    /// <summary>Which rows are null; null when none is.</summary>
    public static bool[]? Nulls(IArrowArray array)
    {
        if (array.NullCount == 0) return null;
        var validity = array.Data.Buffers[0].Span;
        if (validity.IsEmpty) return null;
        var nulls = new bool[array.Length];
        for (var i = 0; i < nulls.Length; i++) nulls[i] = !BitUtility.GetBit(validity, array.Offset + i);
        return nulls;
    }

    /// <summary>
    /// A reader of the column's values as boxed .NET values (see <see cref="ArrowValues.Get"/>); null for kinds read per value, and for
    /// strings, which the chunk reads through its one <see cref="StringColumn"/> per column.
    /// </summary>
    public static Func<int, object?>? Reader(IArrowArray array)
    {
        var nulls = Nulls(array);
        switch (array)
        {
            case TimestampArray t:
                var raw = t.Values;
                var ticks = new long[raw.Length];
                var unit = ((TimestampType)t.Data.DataType).Unit;
                for (var i = 0; i < ticks.Length; i++) ticks[i] = ArrowValues.Ticks(raw[i], unit);
                return row => nulls is not null && nulls[row] ? null : new DateTime(ticks[row], DateTimeKind.Utc);
            case Decimal128Array m:
                var bytes = m.ValueBuffer.Span.Slice(m.Offset * 16, m.Length * 16).ToArray();
                var scale = ((Decimal128Type)m.Data.DataType).Scale;
                return row => nulls is not null && nulls[row] ? null : DecimalCodec.Read(bytes, row, scale) ?? m.GetValue(row);
            case Int64Array l:
                var longs = l.Values.ToArray();
                return row => nulls is not null && nulls[row] ? null : longs[row];
            case Int32Array n:
                var ints = n.Values.ToArray();
                return row => nulls is not null && nulls[row] ? null : ints[row];
            case DoubleArray d:
                var doubles = d.Values.ToArray();
                return row => nulls is not null && nulls[row] ? null : doubles[row];
            default:
                return null;
        }
    }
}

using System.Globalization;
using Lake.Core.Schema;

namespace Lake.Projections;

/// <summary>One row of a <see cref="RowStore"/>: what a fold reads and writes, typed where the fold's arithmetic allows.</summary>
internal readonly struct RowRef(RowStore store, int row)
{
    public object? Get(int column) => store.Get(row, column);

    /// <summary>Sets a value already of the column's .NET type, or null.</summary>
    public void Set(int column, object? value) => store.Set(row, column, value);

    /// <summary>column + sign * operand; a null column counts as zero, a null operand changes nothing (see <see cref="ColumnValues.Add"/>).</summary>
    public void Add(int column, object? operand, int sign)
    {
        if (operand is null) return;
        var type = store.TypeOf(column);
        var isNull = store.IsNull(row, column);
        // The common cases without Convert's type dispatch or boxing: a decimal or int64 field into a column of the same type.
        if (type.Kind == FieldKind.Decimal && operand is decimal dv)
        {
            var sum = (isNull ? 0m : store.DecimalAt(row, column)) + (sign > 0 ? dv : -dv);
            store.SetDecimal(row, column, sum.Scale > type.Scale ? Math.Round(sum, type.Scale, MidpointRounding.AwayFromZero) : sum);
            return;
        }
        if (type.Kind == FieldKind.Int64 && operand is long lv)
        {
            store.SetSlot(row, column, (isNull ? 0L : store.SlotAt(row, column)) + (sign > 0 ? lv : -lv));
            return;
        }
        store.Set(row, column, ColumnValues.Add(isNull ? null : store.Get(row, column), operand, type, sign));
    }

    /// <summary>Sets a timestamp column to UTC ticks.</summary>
    public void SetTicks(int column, long ticks) => store.SetSlot(row, column, ticks);

    /// <summary>Adds one to an integer column (a null column counts as zero).</summary>
    public void Increment(int column)
    {
        if (store.TypeOf(column).Kind == FieldKind.Int64) store.SetSlot(row, column, (store.IsNull(row, column) ? 0L : store.SlotAt(row, column)) + 1);
        else Add(column, 1L, 1);
    }

    public long Int64(int column) => store.IsNull(row, column) ? 0 : store.TypeOf(column).Kind == FieldKind.Int64
        ? store.SlotAt(row, column) : Convert.ToInt64(store.Get(row, column), CultureInfo.InvariantCulture);

    public decimal Decimal(int column) => store.IsNull(row, column) ? 0m : store.TypeOf(column).Kind == FieldKind.Decimal
        ? store.DecimalAt(row, column) : Convert.ToDecimal(store.Get(row, column), CultureInfo.InvariantCulture);
}

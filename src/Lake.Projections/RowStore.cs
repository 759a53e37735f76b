using System.Runtime.CompilerServices;
using Lake.Core.Schema;

namespace Lake.Projections;

/// <summary>
/// A projection state's rows, row-major and typed: each row is a run of 8-byte slots (null bits, then one slot per fixed-width column,
/// two per decimal) and a run of references for its string columns, found through a key -> row index map. A fold touches one row's
/// few cache lines instead of a row array and a boxed object per value, and the collector has no per-value objects to walk: with
/// 322k keys the boxed rows were ~160 MB scattered over the heap, and each event paid several cache misses into them.
/// </summary>
internal sealed class RowStore
{
    private readonly FieldType[] _types;
    // Per column: its first slot (fixed-width kinds) or its reference (strings), within the row's run.
    private readonly int[] _at;
    private readonly long[] _initialSlots;
    private readonly object?[] _initialRefs;
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _byChars;
    private long[] _slots;
    private object?[] _refs;
    private string[] _keys = new string[16];

    public RowStore(IReadOnlyList<ProjectionColumn> columns, object?[] initial)
    {
        _types = columns.Select(c => c.Type).ToArray();
        _at = new int[_types.Length];
        var slots = (_types.Length + 63) / 64;
        var refs = 0;
        for (var c = 0; c < _types.Length; c++)
        {
            if (IsReference(_types[c].Kind)) _at[c] = refs++;
            else
            {
                _at[c] = slots;
                slots += _types[c].Kind == FieldKind.Decimal ? 2 : 1;
            }
        }
        SlotWidth = slots;
        RefWidth = refs;
        _byChars = _index.GetAlternateLookup<ReadOnlySpan<char>>();
        _slots = new long[16 * SlotWidth];
        _refs = new object?[16 * RefWidth];
        // The template a new row starts from: all null but the columns with an initial value.
        _initialSlots = new long[SlotWidth];
        _initialRefs = new object?[RefWidth];
        for (var c = 0; c < _types.Length; c++) WriteTo(_initialSlots, 0, _initialRefs, 0, c, initial[c]);
    }

    public int SlotWidth { get; }
    public int RefWidth { get; }
    public int Count { get; private set; }

    /// <summary>Rows the store has room for without growing.</summary>
    public int Capacity => _keys.Length;
    public int ColumnCount => _types.Length;
    public FieldType TypeOf(int column) => _types[column];

    public string KeyAt(int row) => _keys[row];

    public bool TryFind(string key, out int row) => _index.TryGetValue(key, out row);

    public bool TryFind(ReadOnlySpan<char> key, out int row) => _byChars.TryGetValue(key, out row);

    /// <summary>Adds a row for a key not in the store, with the columns' initial values.</summary>
    public int Add(string key)
    {
        var row = Count;
        EnsureCapacity(row + 1);
        _index.Add(key, row);
        _keys[row] = key;
        Array.Copy(_initialSlots, 0, _slots, (long)row * SlotWidth, SlotWidth);
        if (RefWidth > 0) Array.Copy(_initialRefs, 0, _refs, (long)row * RefWidth, RefWidth);
        Count = row + 1;
        return row;
    }

    /// <summary>Resets <paramref name="row"/> to the initial values (the scratch row of keys a shard does not hold).</summary>
    public void Reset(int row)
    {
        Array.Copy(_initialSlots, 0, _slots, (long)row * SlotWidth, SlotWidth);
        if (RefWidth > 0) Array.Copy(_initialRefs, 0, _refs, (long)row * RefWidth, RefWidth);
    }

    /// <summary>Adds <paramref name="source"/>'s row (a store of the same columns) under its key.</summary>
    public void AddCopy(RowStore source, int row)
    {
        var to = Add(source._keys[row]);
        Array.Copy(source._slots, (long)row * SlotWidth, _slots, (long)to * SlotWidth, SlotWidth);
        if (RefWidth > 0) Array.Copy(source._refs, (long)row * RefWidth, _refs, (long)to * RefWidth, RefWidth);
    }

    /// <summary>Removes the rows whose key <paramref name="remove"/> accepts; the others keep their order.</summary>
    public void RemoveWhere(Func<string, bool> remove)
    {
        var kept = 0;
        for (var row = 0; row < Count; row++)
        {
            var key = _keys[row];
            if (remove(key))
            {
                _index.Remove(key);
                continue;
            }
            if (kept != row)
            {
                Array.Copy(_slots, (long)row * SlotWidth, _slots, (long)kept * SlotWidth, SlotWidth);
                if (RefWidth > 0) Array.Copy(_refs, (long)row * RefWidth, _refs, (long)kept * RefWidth, RefWidth);
                _keys[kept] = key;
                _index[key] = kept;
            }
            kept++;
        }
        Array.Clear(_keys, kept, Count - kept);
        if (RefWidth > 0) Array.Clear(_refs, kept * RefWidth, (Count - kept) * RefWidth);
        Count = kept;
    }

    /// <summary>Empties the store and gives its memory back (a state split into parts holds copies of its rows).</summary>
    public void Clear()
    {
        _index.Clear();
        _index.TrimExcess();
        _keys = new string[16];
        _slots = new long[16 * SlotWidth];
        _refs = new object?[16 * RefWidth];
        Count = 0;
    }

    public bool IsNull(int row, int column) => (_slots[(long)row * SlotWidth + (column >> 6)] & (1L << (column & 63))) == 0;

    /// <summary>A value as the column's .NET type (string, bool, int, long, double, decimal, DateTime UTC, DateOnly), boxed; null when unset.</summary>
    public object? Get(int row, int column)
    {
        if (IsNull(row, column)) return null;
        var slot = (long)row * SlotWidth + _at[column];
        return _types[column].Kind switch
        {
            FieldKind.String or FieldKind.Enum => _refs[(long)row * RefWidth + _at[column]],
            FieldKind.Bool => _slots[slot] != 0,
            FieldKind.Int32 => (int)_slots[slot],
            FieldKind.Int64 => _slots[slot],
            FieldKind.Double => BitConverter.Int64BitsToDouble(_slots[slot]),
            FieldKind.Decimal => DecimalAt(slot),
            FieldKind.Timestamp => new DateTime(_slots[slot], DateTimeKind.Utc),
            FieldKind.Date => DateOnly.FromDayNumber((int)_slots[slot]),
            _ => throw new InvalidOperationException($"column kind {_types[column].Kind} is not a projection column kind"),
        };
    }

    /// <summary>Sets a value already of the column's .NET type (see <see cref="ColumnValues.Coerce"/>), or null.</summary>
    public void Set(int row, int column, object? value) => WriteTo(_slots, (long)row * SlotWidth, _refs, (long)row * RefWidth, column, value);

    /// <summary>A fixed-width column's slot as stored: the int64, int32, 0/1, double bits, timestamp ticks or date day number.</summary>
    public long SlotAt(int row, int column) => _slots[(long)row * SlotWidth + _at[column]];

    public string? StringAt(int row, int column) => (string?)_refs[(long)row * RefWidth + _at[column]];

    public void SetString(int row, int column, string? value)
    {
        var start = (long)row * SlotWidth;
        _refs[(long)row * RefWidth + _at[column]] = value;
        if (value is null) _slots[start + (column >> 6)] &= ~(1L << (column & 63));
        else _slots[start + (column >> 6)] |= 1L << (column & 63);
    }

    public void SetNull(int row, int column) => Set(row, column, null);

    public decimal DecimalAt(int row, int column) => DecimalAt((long)row * SlotWidth + _at[column]);

    /// <summary>Sets a fixed-width column's slot (see <see cref="SlotAt"/>) and marks it set.</summary>
    public void SetSlot(int row, int column, long value)
    {
        var start = (long)row * SlotWidth;
        _slots[start + _at[column]] = value;
        _slots[start + (column >> 6)] |= 1L << (column & 63);
    }

    public void SetDecimal(int row, int column, decimal value)
    {
        var start = (long)row * SlotWidth;
        Unsafe.As<long, decimal>(ref _slots[start + _at[column]]) = value;
        _slots[start + (column >> 6)] |= 1L << (column & 63);
    }

    private decimal DecimalAt(long slot) => Unsafe.As<long, decimal>(ref _slots[slot]);

    private void WriteTo(long[] slots, long slotStart, object?[] refs, long refStart, int column, object? value)
    {
        var bit = 1L << (column & 63);
        ref var nulls = ref slots[slotStart + (column >> 6)];
        if (value is null)
        {
            nulls &= ~bit;
            if (IsReference(_types[column].Kind)) refs[refStart + _at[column]] = null;
            return;
        }
        nulls |= bit;
        var slot = slotStart + _at[column];
        switch (_types[column].Kind)
        {
            case FieldKind.String or FieldKind.Enum: refs[refStart + _at[column]] = (string)value; break;
            case FieldKind.Bool: slots[slot] = (bool)value ? 1 : 0; break;
            case FieldKind.Int32: slots[slot] = (int)value; break;
            case FieldKind.Int64: slots[slot] = (long)value; break;
            case FieldKind.Double: slots[slot] = BitConverter.DoubleToInt64Bits((double)value); break;
            case FieldKind.Decimal: Unsafe.As<long, decimal>(ref slots[slot]) = (decimal)value; break;
            case FieldKind.Timestamp: slots[slot] = ((DateTime)value).Ticks; break;
            case FieldKind.Date: slots[slot] = ((DateOnly)value).DayNumber; break;
            default: throw new InvalidOperationException($"column kind {_types[column].Kind} is not a projection column kind");
        }
    }

    /// <summary>Makes room for <paramref name="rows"/> rows without growing again (a checkpoint's row count is known before it loads).</summary>
    public void Reserve(int rows)
    {
        _index.EnsureCapacity(rows);
        EnsureCapacity(rows);
    }

    private void EnsureCapacity(int rows)
    {
        if (rows <= _keys.Length) return;
        var capacity = Math.Max(rows, _keys.Length * 2);
        Array.Resize(ref _keys, capacity);
        Array.Resize(ref _slots, checked(capacity * SlotWidth));
        Array.Resize(ref _refs, checked(capacity * RefWidth));
    }

    private static bool IsReference(FieldKind kind) => kind is FieldKind.String or FieldKind.Enum;
}

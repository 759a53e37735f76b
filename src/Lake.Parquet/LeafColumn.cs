using Lake.Core.Schema;
using ParquetSharp;

namespace Lake.Parquet;

/// <summary>One leaf column being shredded: its non-null values and, where the schema needs them, definition and repetition levels.</summary>
internal abstract class LeafColumn(ColumnNode node)
{
    public ColumnNode Node { get; } = node;
    private readonly ValueBuffer<short> _definitions = new();
    private readonly ValueBuffer<short> _repetitions = new();
    // Levels a column cannot have are not stored: a required flat column has no definitions, and only lists repeat.
    private readonly bool _keepDefinitions = node.MaxDefinition > 0;
    private readonly bool _keepRepetitions = node.MaxRepetition > 0;

    /// <summary>Level entries: one per row, plus one per further list element.</summary>
    public int Levels { get; private set; }

    public void AddNull(int definition, int repetition)
    {
        Levels++;
        if (_keepDefinitions) _definitions.Add((short)definition);
        if (_keepRepetitions) _repetitions.Add((short)repetition);
    }

    public void AddValue(object value, int definition, int repetition)
    {
        // The value first: one it refuses (a decimal beyond its precision) leaves no level behind.
        Append(value);
        AddNull(definition, repetition);
    }

    protected abstract void Append(object value);

    /// <summary>Gives the column's arrays back for reuse, once its file is written or abandoned.</summary>
    public virtual void Release()
    {
        _definitions.Release();
        _repetitions.Release();
        Levels = 0;
    }

    /// <summary>Writes the column's values and levels as the next column chunk of a row group.</summary>
    public abstract void Write(ColumnWriter column);

    protected void WriteBatch<T>(ColumnWriter column, ReadOnlySpan<T> values) where T : unmanaged =>
        ((ColumnWriter<T>)column).WriteBatch(Levels, _definitions.Span, _repetitions.Span, values);

    private static readonly int EpochDayNumber = DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;

    public static LeafColumn For(ColumnNode node) => node switch
    {
        { Binary: true } => new Bytes(node, static (arena, v) => arena.Add((byte[])v)),
        { Kind: FieldKind.String or FieldKind.Enum } => new Bytes(node, static (arena, v) => arena.AddUtf8((string)v)),
        { Kind: FieldKind.Bool } => new Typed<bool>(node, static v => (bool)v),
        { Kind: FieldKind.Int32 } => new Typed<int>(node, static v => (int)v),
        { Kind: FieldKind.Int64 } => new Typed<long>(node, static v => (long)v),
        { Kind: FieldKind.Double } => new Typed<double>(node, static v => (double)v),
        { Kind: FieldKind.Decimal } => new Decimals(node),
        // Microseconds since the epoch, the column's unit; sub-microsecond ticks are dropped (rounding down, before 1970 too).
        { Kind: FieldKind.Timestamp } => new Typed<long>(node, static v => Math.DivRem(((DateTime)v).Ticks - DateTime.UnixEpoch.Ticks, 10) is var (q, r) && r < 0 ? q - 1 : q),
        { Kind: FieldKind.Date } => new Typed<int>(node, static v => v is DateOnly d ? d.DayNumber - EpochDayNumber
            : (int)((((DateTime)v).Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerDay)),
        _ => throw new ArgumentOutOfRangeException(nameof(node), node.Kind, $"column '{node.Path}' is not a leaf"),
    };

    private sealed class Typed<T>(ColumnNode node, Func<object, T> convert) : LeafColumn(node) where T : unmanaged
    {
        private readonly ValueBuffer<T> _values = new();

        protected override void Append(object value) => _values.Add(convert(value));

        public override void Write(ColumnWriter column) => WriteBatch(column, _values.Span);

        public override void Release()
        {
            base.Release();
            _values.Release();
        }
    }

    /// <summary>Strings (as UTF-8) and byte strings, copied into an arena as they arrive (see <see cref="ByteArena"/>).</summary>
    private sealed class Bytes(ColumnNode node, Action<ByteArena, object> add) : LeafColumn(node)
    {
        private readonly ByteArena _values = new();

        protected override void Append(object value) => add(_values, value);

        public override void Write(ColumnWriter column) => _values.WithByteArrays(values => WriteBatch<ByteArray>(column, values));

        public override void Release()
        {
            base.Release();
            _values.Release();
        }
    }

    /// <summary>Decimals, encoded as they arrive in the column's fixed-length form (see <see cref="DecimalCodec"/>).</summary>
    private sealed class Decimals(ColumnNode node) : LeafColumn(node)
    {
        private readonly int _length = DecimalCodec.Length(node.Type!.Precision);
        private byte[] _encoded = [];
        private int _count;

        protected override void Append(object value)
        {
            if ((_count + 1) * _length > _encoded.Length) Array.Resize(ref _encoded, Math.Max(16 * _length, _encoded.Length * 2));
            DecimalCodec.Encode((decimal)value, Node.Type!.Precision, Node.Type.Scale, _encoded.AsSpan(_count * _length, _length));
            _count++;
        }

        public override void Write(ColumnWriter column) =>
            DecimalCodec.WriteEncoded(column, Levels, _definitions.Span, _repetitions.Span, _encoded, _count);

        public override void Release()
        {
            base.Release();
            _encoded = [];
            _count = 0;
        }
    }
}

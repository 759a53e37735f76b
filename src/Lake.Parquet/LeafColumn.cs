using Lake.Core.Schema;
using Parquet;
using Parquet.Schema;

namespace Lake.Parquet;

/// <summary>One leaf column being shredded: its non-null values and, where the schema needs them, definition and repetition levels.</summary>
internal abstract class LeafColumn(DataField field)
{
    public DataField Field { get; } = field;
    protected readonly ValueBuffer<int> Definitions = new();
    protected readonly ValueBuffer<int> Repetitions = new();

    // Levels a column cannot have are not stored: a required flat column's definitions are all zero, and only lists repeat.
    private readonly bool _keepDefinitions = field.MaxDefinitionLevel > 0 || field.MaxRepetitionLevel > 0;
    private readonly bool _keepRepetitions = field.MaxRepetitionLevel > 0;
    private int _levels;

    public void AddNull(int definition, int repetition)
    {
        _levels++;
        if (_keepDefinitions) Definitions.Add(definition);
        if (_keepRepetitions) Repetitions.Add(repetition);
    }

    public void AddValue(object value, int definition, int repetition)
    {
        AddNull(definition, repetition);
        Append(value);
    }

    protected abstract void Append(object value);

    /// <summary>For a timestamp column with values: the smallest and largest, in microseconds since the epoch (see <see cref="TimestampStatistics"/>).</summary>
    public virtual (long Min, long Max)? MicrosRange => null;

    public abstract Task WriteAsync(ParquetRowGroupWriter rowGroup, CancellationToken ct);

    /// <summary>Parquet.Net counts a row group's rows from definition levels, so they are passed even for required columns (all zero).</summary>
    protected Task WriteAllAsync<T>(ParquetRowGroupWriter rowGroup, ReadOnlyMemory<T> values, CancellationToken ct) where T : struct =>
        rowGroup.WriteAllPartsAsync(Field, values, _keepDefinitions ? Definitions.Memory : ZeroLevels.Get(_levels),
            _keepRepetitions ? Repetitions.Memory : null, ct);

    public static LeafColumn For(ColumnNode node) => node switch
    {
        // Parquet.Net 6 takes strings and bytes as memory slices, with explicit levels like every other type.
        { Binary: true } => new Slices<byte>(node, v => (byte[])v),
        { Kind: FieldKind.String or FieldKind.Enum } => new Slices<char>(node, v => ((string)v).AsSpan()),
        { Kind: FieldKind.Bool } => new Typed<bool>(node, v => (bool)v),
        { Kind: FieldKind.Int32 } => new Typed<int>(node, v => (int)v),
        { Kind: FieldKind.Int64 } => new Typed<long>(node, v => (long)v),
        { Kind: FieldKind.Double } => new Typed<double>(node, v => (double)v),
        { Kind: FieldKind.Decimal } => new Typed<decimal>(node, v => (decimal)v),
        { Kind: FieldKind.Timestamp } => new Timestamps(node),
        { Kind: FieldKind.Date } => new Typed<DateTime>(node, v => v is DateOnly d ? d.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) : (DateTime)v),
        _ => throw new ArgumentOutOfRangeException(nameof(node), node.Kind, "not a leaf"),
    };

    private delegate ReadOnlySpan<T> SpanOf<T>(object value);

    private class Typed<T>(ColumnNode node, Func<object, T> convert) : LeafColumn((DataField)node.Field) where T : struct
    {
        protected readonly ValueBuffer<T> _values = new();

        protected override void Append(object value) => _values.Add(convert(value));

        public override Task WriteAsync(ParquetRowGroupWriter rowGroup, CancellationToken ct) => WriteAllAsync(rowGroup, _values.Memory, ct);
    }

    /// <summary>Strings and byte strings, copied into an arena as they arrive (see <see cref="SliceArena{T}"/>).</summary>
    private sealed class Slices<T>(ColumnNode node, SpanOf<T> span) : LeafColumn((DataField)node.Field) where T : unmanaged
    {
        private readonly SliceArena<T> _values = new();

        protected override void Append(object value) => _values.Add(span(value));

        public override Task WriteAsync(ParquetRowGroupWriter rowGroup, CancellationToken ct) =>
            WriteAllAsync<ReadOnlyMemory<T>>(rowGroup, _values.ToMemories(), ct);
    }

    private sealed class Timestamps(ColumnNode node) : Typed<DateTime>(node, v => (DateTime)v)
    {
        public override (long Min, long Max)? MicrosRange
        {
            get
            {
                if (_values.Count == 0) return null;
                long min = long.MaxValue, max = long.MinValue;
                foreach (var v in _values.Span)
                {
                    var micros = (v.Ticks - DateTime.UnixEpoch.Ticks) / 10;
                    if (micros < min) min = micros;
                    if (micros > max) max = micros;
                }
                return (min, max);
            }
        }
    }
}

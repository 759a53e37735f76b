using Lake.Core.Schema;
using Parquet;
using Parquet.Schema;

namespace Lake.Parquet;

/// <summary>One leaf column being shredded: its non-null values and, where the schema needs them, definition and repetition levels.</summary>
internal abstract class LeafColumn(DataField field)
{
    public DataField Field { get; } = field;
    protected readonly List<int> Definitions = [];
    protected readonly List<int> Repetitions = [];

    public void AddNull(int definition, int repetition)
    {
        Definitions.Add(definition);
        Repetitions.Add(repetition);
    }

    public void AddValue(object value, int definition, int repetition)
    {
        Definitions.Add(definition);
        Repetitions.Add(repetition);
        Append(value);
    }

    protected abstract void Append(object value);

    /// <summary>For a timestamp column with values: the smallest and largest, in microseconds since the epoch (see <see cref="TimestampStatistics"/>).</summary>
    public virtual (long Min, long Max)? MicrosRange => null;

    public abstract Task WriteAsync(ParquetRowGroupWriter rowGroup, CancellationToken ct);

    protected static ReadOnlyMemory<int>? Levels(List<int> levels, int max) => max == 0 ? null : levels.ToArray();

    /// <summary>Parquet.Net counts a row group's rows from definition levels, so they are passed even for required columns (all zero).</summary>
    protected static ReadOnlyMemory<int> DefinitionLevels(List<int> levels) => levels.ToArray();

    public static LeafColumn For(ColumnNode node) => node switch
    {
        // Parquet.Net 6 takes strings and bytes as memory slices, with explicit levels like every other type.
        { Binary: true } => new Typed<ReadOnlyMemory<byte>>(node, v => (byte[])v),
        { Kind: FieldKind.String or FieldKind.Enum } => new Typed<ReadOnlyMemory<char>>(node, v => ((string)v).AsMemory()),
        { Kind: FieldKind.Bool } => new Typed<bool>(node, v => (bool)v),
        { Kind: FieldKind.Int32 } => new Typed<int>(node, v => (int)v),
        { Kind: FieldKind.Int64 } => new Typed<long>(node, v => (long)v),
        { Kind: FieldKind.Double } => new Typed<double>(node, v => (double)v),
        { Kind: FieldKind.Decimal } => new Typed<decimal>(node, v => (decimal)v),
        { Kind: FieldKind.Timestamp } => new Timestamps(node),
        { Kind: FieldKind.Date } => new Typed<DateTime>(node, v => v is DateOnly d ? d.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) : (DateTime)v),
        _ => throw new ArgumentOutOfRangeException(nameof(node), node.Kind, "not a leaf"),
    };

    private class Typed<T>(ColumnNode node, Func<object, T> convert) : LeafColumn((DataField)node.Field) where T : struct
    {
        protected readonly List<T> _values = [];

        protected override void Append(object value) => _values.Add(convert(value));

        public override Task WriteAsync(ParquetRowGroupWriter rowGroup, CancellationToken ct) =>
            rowGroup.WriteAllPartsAsync<T>(Field, _values.ToArray(), DefinitionLevels(Definitions), Levels(Repetitions, Field.MaxRepetitionLevel), ct);
    }

    private sealed class Timestamps(ColumnNode node) : Typed<DateTime>(node, v => (DateTime)v)
    {
        public override (long Min, long Max)? MicrosRange
        {
            get
            {
                if (_values.Count == 0) return null;
                long min = long.MaxValue, max = long.MinValue;
                foreach (var v in _values)
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

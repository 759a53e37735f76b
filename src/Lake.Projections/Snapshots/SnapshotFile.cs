using Lake.Core.Schema;
using Lake.Projections.Reading;
using ParquetSharp;
using ParquetSharp.Arrow;
using ParquetSharp.IO;

namespace Lake.Projections.Snapshots;

/// <summary>
/// A projection state as one Parquet file: the key column then the projection's columns, one row per key in ordinal key order,
/// with the rebuild's parameters in key-value metadata. Written by ParquetSharp (Arrow C++) with fixed settings and no wall-clock
/// value, so the same state and metadata give the same bytes. Not Parquet.Net: its 6.1.0 writes TIMESTAMP(MICROS) statistics in
/// milliseconds, and DuckDB then prunes row groups wrongly for filters such as <c>last_event_at &gt; t</c>.
/// </summary>
public static class SnapshotFile
{
    public static async Task<byte[]> WriteAsync(ProjectionState state, IReadOnlyDictionary<string, string> metadata, CancellationToken ct = default)
    {
        var p = state.Projection;
        var keys = state.Rows.Keys.Order(StringComparer.Ordinal).ToArray();
        var columns = new List<Column> { new(typeof(string), p.KeyColumn, LogicalType.String()) };
        columns.AddRange(p.Columns.Select(c => new Column(ClrType(c.Type), c.Name, LogicalTypeOf(c.Type))));
        using var ms = new MemoryStream();
        using (var output = new ManagedOutputStream(ms, leaveOpen: true))
        using (var properties = new WriterPropertiesBuilder().Compression(Compression.Zstd).CreatedBy("lake").Build())
        using (var writer = new ParquetFileWriter(output, columns.ToArray(), properties, metadata.ToDictionary()))
        {
            using (var rowGroup = writer.AppendRowGroup())
            {
                using (var w = rowGroup.NextColumn().LogicalWriter<string>()) w.WriteBatch(keys);
                var rows = new object?[keys.Length][];
                for (var r = 0; r < keys.Length; r++) rows[r] = state.Rows[keys[r]];
                for (var c = 0; c < p.Columns.Count; c++) WriteColumn(rowGroup.NextColumn(), p.Columns[c].Type, rows, c);
            }
            writer.Close();
        }
        await Task.CompletedTask.ConfigureAwait(false);
        return ms.ToArray();
    }

    private static Type ClrType(FieldType t) => t.Kind switch
    {
        FieldKind.String or FieldKind.Enum => typeof(string),
        FieldKind.Bool => typeof(bool?),
        FieldKind.Int32 => typeof(int?),
        FieldKind.Int64 => typeof(long?),
        FieldKind.Double => typeof(double?),
        FieldKind.Decimal => typeof(decimal?),
        FieldKind.Timestamp => typeof(DateTime?),
        FieldKind.Date => typeof(Date?),
        _ => throw new ArgumentOutOfRangeException(nameof(t), t.Kind, "projection columns are primitive"),
    };

    private static LogicalType? LogicalTypeOf(FieldType t) => t.Kind switch
    {
        FieldKind.String or FieldKind.Enum => LogicalType.String(),
        FieldKind.Decimal => LogicalType.Decimal(t.Precision, t.Scale),
        // Microseconds, adjusted to UTC, as in the lake itself: DuckDB reads TIMESTAMP WITH TIME ZONE, Arrow timestamp[us, UTC].
        FieldKind.Timestamp => LogicalType.Timestamp(true, TimeUnit.Micros),
        _ => null,
    };

    private static void WriteColumn(ColumnWriter column, FieldType t, object?[][] rows, int c)
    {
        switch (t.Kind)
        {
            case FieldKind.String or FieldKind.Enum: Write(column, rows, c, v => (string?)v); break;
            case FieldKind.Bool: Write(column, rows, c, v => (bool?)v); break;
            case FieldKind.Int32: Write(column, rows, c, v => (int?)v); break;
            case FieldKind.Int64: Write(column, rows, c, v => (long?)v); break;
            case FieldKind.Double: Write(column, rows, c, v => (double?)v); break;
            case FieldKind.Decimal: Write(column, rows, c, v => (decimal?)v); break;
            case FieldKind.Timestamp: Write(column, rows, c, v => (DateTime?)v); break;
            case FieldKind.Date: Write(column, rows, c, v => v is DateOnly d ? new Date(d.Year, d.Month, d.Day) : (Date?)null); break;
        }
    }

    private static void Write<T>(ColumnWriter column, object?[][] rows, int c, Func<object?, T> convert)
    {
        var values = new T[rows.Length];
        for (var r = 0; r < rows.Length; r++) values[r] = convert(rows[r][c]);
        using var writer = column.LogicalWriter<T>();
        writer.WriteBatch(values);
    }

    /// <summary>Loads a snapshot's rows into a fresh state of <paramref name="projection"/> (the columns must match by name and order).</summary>
    public static async Task<ProjectionState> ReadStateAsync(Projection projection, byte[] file, CancellationToken ct = default)
    {
        var state = new ProjectionState(projection);
        using var reader = new FileReader(new MemoryStream(file, writable: false));
        var names = reader.Schema.FieldsList.Select(f => f.Name).ToList();
        var expected = new[] { projection.KeyColumn }.Concat(projection.Columns.Select(c => c.Name)).ToList();
        if (!names.SequenceEqual(expected)) throw new ProjectionException($"a stored state of '{projection.Name}' has columns ({string.Join(", ", names)}), not ({string.Join(", ", expected)})");
        using var batches = reader.GetRecordBatchReader();
        while (await batches.ReadNextRecordBatchAsync(ct).ConfigureAwait(false) is { } batch)
        {
            using (batch)
            {
                var columns = Enumerable.Range(0, batch.ColumnCount).Select(batch.Column).ToArray();
                var keys = (Apache.Arrow.StringArray)columns[0];
                for (var row = 0; row < batch.Length; row++)
                {
                    var values = state.RowValues(keys.GetString(row));
                    // The file was written from a state of this very definition (same fingerprint): values already have the column types.
                    for (var c = 0; c < values.Length; c++) values[c] = ArrowValues.Get(columns[c + 1], row);
                }
            }
        }
        return state;
    }

    /// <summary>The file's key-value metadata.</summary>
    public static IReadOnlyDictionary<string, string> Metadata(string path)
    {
        using var reader = new ParquetFileReader(path);
        return reader.FileMetaData.KeyValueMetadata.ToDictionary();
    }
}

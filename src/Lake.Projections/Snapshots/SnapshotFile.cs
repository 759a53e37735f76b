using Lake.Parquet;
using Lake.Core.Schema;
using Lake.Projections.Reading;
using Lake.Projections.Sharding;
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
    /// <summary>Rows per row group: fixed, so a snapshot's bytes do not depend on how its rows were produced (one pass, or merged parts).</summary>
    public const int RowGroupRows = 1 << 18;

    public static async Task<byte[]> WriteAsync(ProjectionState state, IReadOnlyDictionary<string, string> metadata, CancellationToken ct = default)
    {
        using var ms = new MemoryStream();
        Write(state, metadata, ms);
        await Task.CompletedTask.ConfigureAwait(false);
        return ms.ToArray();
    }

    /// <summary>The state's rows in ordinal key order.</summary>
    public static IEnumerable<KeyValuePair<string, object?[]>> SortedRows(ProjectionState state) => state.SortedRows();

    /// <summary>Rows per row group of the spilled parts a merge reads side by side: small, so the merge holds little of each.</summary>
    public const int PartRowGroupRows = 1 << 14;

    /// <summary>Writes rows already in ordinal key order to <paramref name="output"/>, <paramref name="rowGroupRows"/> (default <see cref="RowGroupRows"/>) per row group; returns the row count.</summary>
    public static long Write(Projection p, IEnumerable<KeyValuePair<string, object?[]>> sortedRows, IReadOnlyDictionary<string, string> metadata, Stream output, int rowGroupRows = RowGroupRows) =>
        WriteFile(p, metadata, output, writer =>
        {
            long written = 0;
            var keys = new List<string>(rowGroupRows);
            var rows = new List<object?[]>(rowGroupRows);
            foreach (var (key, values) in sortedRows)
            {
                keys.Add(key);
                rows.Add(values);
                if (keys.Count == rowGroupRows) Flush();
            }
            // An empty state still gets its one (empty) row group, as before row groups were bounded.
            if (keys.Count > 0 || written == 0) Flush();
            return written;

            void Flush()
            {
                using (var rowGroup = writer.AppendRowGroup())
                {
                    using (var w = rowGroup.NextColumn().LogicalWriter<string>()) w.WriteBatch(keys.ToArray());
                    var array = rows.ToArray();
                    for (var c = 0; c < p.Columns.Count; c++) WriteColumn(rowGroup.NextColumn(), p.Columns[c].Type, array, c);
                }
                written += keys.Count;
                keys.Clear();
                rows.Clear();
            }
        });

    /// <summary>
    /// Writes a state's rows in ordinal key order straight from its typed rows (no row objects, no boxed values): the same bytes as
    /// <see cref="Write(Projection, IEnumerable{KeyValuePair{string, object?[]}}, IReadOnlyDictionary{string, string}, Stream, int)"/> over
    /// <see cref="SortedRows"/>. Returns the row count.
    /// </summary>
    public static long Write(ProjectionState state, IReadOnlyDictionary<string, string> metadata, Stream output, int rowGroupRows = RowGroupRows)
    {
        var store = state.Rows;
        var (keys, order) = state.SortedKeys();
        return WriteFile(state.Projection, metadata, output, writer =>
        {
            // An empty state still gets its one (empty) row group.
            var from = 0;
            do
            {
                var count = Math.Min(rowGroupRows, order.Length - from);
                using (var rowGroup = writer.AppendRowGroup())
                {
                    using (var w = rowGroup.NextColumn().LogicalWriter<string>()) w.WriteBatch(keys.AsSpan(from, count));
                    var rows = order.AsSpan(from, count).ToArray();
                    for (var c = 0; c < store.ColumnCount; c++) WriteColumn(rowGroup.NextColumn(), store, rows, c);
                }
                from += count;
            }
            while (from < order.Length);
            return order.Length;
        });
    }

    private static long WriteFile(Projection p, IReadOnlyDictionary<string, string> metadata, Stream output, Func<ParquetFileWriter, long> writeRowGroups)
    {
        var columns = new List<Column> { new(typeof(string), p.KeyColumn, LogicalType.String()) };
        columns.AddRange(p.Columns.Select(c => new Column(ClrType(c.Type), c.Name, LogicalTypeOf(c.Type))));
        using var stream = new ManagedOutputStream(output, leaveOpen: true);
        using var properties = new WriterPropertiesBuilder().Compression(Compression.Zstd).CreatedBy("lake").Build();
        using var writer = new ParquetFileWriter(stream, columns.ToArray(), properties, metadata.ToDictionary());
        var written = writeRowGroups(writer);
        writer.Close();
        return written;
    }

    /// <summary>The rows of a snapshot file (or part), in file order, streamed one record batch (of at most a part's row group) at a time.</summary>
    public static IEnumerable<KeyValuePair<string, object?[]>> ReadRows(Projection projection, string path)
    {
        using var properties = ArrowReaderProperties.GetDefault();
        properties.BatchSize = PartRowGroupRows;
        using var reader = new FileReader(path, arrowProperties: properties);
        CheckColumns(projection, reader);
        using var batches = reader.GetRecordBatchReader();
        while (batches.ReadNextRecordBatchAsync().AsTask().GetAwaiter().GetResult() is { } batch)
        {
            using (batch)
            {
                var columns = Enumerable.Range(0, batch.ColumnCount).Select(batch.Column).ToArray();
                var keys = (Apache.Arrow.StringArray)columns[0];
                for (var row = 0; row < batch.Length; row++)
                {
                    var values = new object?[columns.Length - 1];
                    for (var c = 0; c < values.Length; c++) values[c] = ArrowValues.Get(columns[c + 1], row);
                    yield return new(keys.GetString(row), values);
                }
            }
        }
    }

    /// <summary>
    /// Merges snapshot parts holding disjoint keys, each in key order, into one file in key order: the same bytes as the snapshot
    /// of the whole state would have, given the same metadata. Holds one record batch per part, whatever the parts' sizes.
    /// </summary>
    public static long Merge(Projection projection, IReadOnlyList<string> partPaths, IReadOnlyDictionary<string, string> metadata, Stream output, int rowGroupRows = RowGroupRows)
    {
        var readers = partPaths.Select(path => ReadRows(projection, path).GetEnumerator()).ToList();
        try
        {
            return Write(projection, MergeSorted(readers), metadata, output, rowGroupRows);
        }
        finally
        {
            foreach (var r in readers) r.Dispose();
        }
    }

    private static IEnumerable<KeyValuePair<string, object?[]>> MergeSorted(List<IEnumerator<KeyValuePair<string, object?[]>>> parts)
    {
        var queue = new PriorityQueue<int, string>(StringComparer.Ordinal);
        for (var i = 0; i < parts.Count; i++) if (parts[i].MoveNext()) queue.Enqueue(i, parts[i].Current.Key);
        string? last = null;
        while (queue.TryDequeue(out var i, out var key))
        {
            if (last is not null && string.CompareOrdinal(last, key) >= 0) throw new ProjectionException($"snapshot parts are not disjoint and sorted: key '{key}' follows '{last}'");
            last = key;
            yield return parts[i].Current;
            if (parts[i].MoveNext()) queue.Enqueue(i, parts[i].Current.Key);
        }
    }

    /// <summary>The row count of a snapshot file, from its footer.</summary>
    public static long RowCount(string path)
    {
        using var reader = new ParquetFileReader(path);
        return reader.FileMetaData.NumRows;
    }

    private static void CheckColumns(Projection projection, FileReader reader)
    {
        var names = reader.Schema.FieldsList.Select(f => f.Name).ToList();
        var expected = new[] { projection.KeyColumn }.Concat(projection.Columns.Select(c => c.Name)).ToList();
        if (!names.SequenceEqual(expected)) throw new ProjectionException($"a stored state of '{projection.Name}' has columns ({string.Join(", ", names)}), not ({string.Join(", ", expected)})");
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
            case FieldKind.Decimal: DecimalCodec.Write(column, t.Precision, t.Scale, rows.Length, i => (decimal?)rows[i][c]); break;
            case FieldKind.Timestamp: Write(column, rows, c, v => (DateTime?)v); break;
            case FieldKind.Date: Write(column, rows, c, v => v is DateOnly d ? ToDate(d) : null); break;
        }
    }

    private static void WriteColumn(ColumnWriter column, RowStore store, int[] rows, int c)
    {
        switch (store.TypeOf(c).Kind)
        {
            case FieldKind.String or FieldKind.Enum: WriteValues<string?>(column, rows, r => store.StringAt(r, c)); break;
            case FieldKind.Bool: WriteValues<bool?>(column, rows, r => store.IsNull(r, c) ? null : store.SlotAt(r, c) != 0); break;
            case FieldKind.Int32: WriteValues<int?>(column, rows, r => store.IsNull(r, c) ? null : (int)store.SlotAt(r, c)); break;
            case FieldKind.Int64: WriteValues<long?>(column, rows, r => store.IsNull(r, c) ? null : store.SlotAt(r, c)); break;
            case FieldKind.Double: WriteValues<double?>(column, rows, r => store.IsNull(r, c) ? null : BitConverter.Int64BitsToDouble(store.SlotAt(r, c))); break;
            case FieldKind.Decimal: DecimalCodec.Write(column, store.TypeOf(c).Precision, store.TypeOf(c).Scale, rows.Length, i => store.IsNull(rows[i], c) ? null : store.DecimalAt(rows[i], c)); break;
            case FieldKind.Timestamp: WriteValues<DateTime?>(column, rows, r => store.IsNull(r, c) ? null : new DateTime(store.SlotAt(r, c), DateTimeKind.Utc)); break;
            case FieldKind.Date: WriteValues<Date?>(column, rows, r => store.IsNull(r, c) ? null : ToDate(DateOnly.FromDayNumber((int)store.SlotAt(r, c)))); break;
        }
    }

    private static Date? ToDate(DateOnly d) => new Date(d.Year, d.Month, d.Day);

    private static void WriteValues<T>(ColumnWriter column, int[] rows, Func<int, T> value)
    {
        var values = new T[rows.Length];
        for (var i = 0; i < rows.Length; i++) values[i] = value(rows[i]);
        using var writer = column.LogicalWriter<T>();
        writer.WriteBatch(values);
    }

    private static void Write<T>(ColumnWriter column, object?[][] rows, int c, Func<object?, T> convert)
    {
        var values = new T[rows.Length];
        for (var r = 0; r < rows.Length; r++) values[r] = convert(rows[r][c]);
        using var writer = column.LogicalWriter<T>();
        writer.WriteBatch(values);
    }

    /// <summary>Loads a snapshot's rows into a fresh state of <paramref name="projection"/> holding <paramref name="shard"/> (rows of other keys are skipped);
    /// <paramref name="afterRow"/> runs after each row is added (a key budget sheds keys there, so loading never holds more).</summary>
    public static async Task<ProjectionState> ReadStateAsync(Projection projection, byte[] file, KeyShard? shard = null, CancellationToken ct = default, Action<ProjectionState>? afterRow = null)
    {
        var state = new ProjectionState(projection, shard);
        using var opened = ArrowFile.Open(file);
        var reader = opened.Reader;
        CheckColumns(projection, reader);
        // Room for the file's rows at once (the shard's share of them), instead of doubling the row store as they come; not under
        // a key budget (afterRow sheds keys), where the store must hold no more than the budget's rows.
        if (afterRow is null) state.Rows.Reserve((int)Math.Min(int.MaxValue, reader.ParquetReader.FileMetaData.NumRows / state.Shard.Count));
        using var batches = reader.GetRecordBatchReader();
        while (await batches.ReadNextRecordBatchAsync(ct).ConfigureAwait(false) is { } batch)
        {
            using (batch) StateLoader.Load(state, batch, afterRow);
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

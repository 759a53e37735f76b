using Lake.Core.Schema;
using Lake.Parquet;
using Lake.Projections.Reading;
using ParquetSharp.Arrow;

namespace Lake.Projections.Snapshots;

/// <summary>
/// A projection state as one Parquet file: the key column then the projection's columns, one row per key in ordinal key order,
/// with the rebuild's parameters in key-value metadata. Written by Parquet.Net with fixed settings and no wall-clock value, so the
/// same state and metadata give the same bytes.
/// </summary>
public static class SnapshotFile
{
    private static readonly ParquetSettings Settings = new() { Compression = global::Parquet.CompressionMethod.Zstd, RowGroupRows = 1_000_000 };

    public static TableSchema Schema(Projection p) => new(
    [
        new ColumnSpec(p.KeyColumn, FieldType.String, Required: true),
        .. p.Columns.Select(c => new ColumnSpec(c.Name, c.Type)),
    ]);

    public static async Task<byte[]> WriteAsync(ProjectionState state, IReadOnlyDictionary<string, string> metadata, CancellationToken ct = default)
    {
        var rows = new List<object?[]>(state.Rows.Count);
        foreach (var key in state.Rows.Keys.Order(StringComparer.Ordinal))
        {
            var values = state.Rows[key];
            var row = new object?[values.Length + 1];
            row[0] = key;
            values.CopyTo(row, 1);
            rows.Add(row);
        }
        using var ms = new MemoryStream();
        await ParquetTableWriter.WriteAsync(ms, Schema(state.Projection), rows, Settings, metadata, ct).ConfigureAwait(false);
        return ms.ToArray();
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
                for (var row = 0; row < batch.Length; row++)
                {
                    var values = state.RowValues((string)ArrowValues.Get(batch.Column(0), row)!);
                    for (var c = 0; c < values.Length; c++) values[c] = ColumnValues.Coerce(ArrowValues.Get(batch.Column(c + 1), row), projection.Columns[c].Type);
                }
            }
        }
        return state;
    }

    /// <summary>The file's key-value metadata.</summary>
    public static IReadOnlyDictionary<string, string> Metadata(string path)
    {
        using var reader = new ParquetSharp.ParquetFileReader(path);
        return reader.FileMetaData.KeyValueMetadata.ToDictionary();
    }
}

using Parquet;

namespace Lake.Parquet;

/// <summary>Writes rows of a <see cref="TableSchema"/> into one Parquet file, with key-value metadata.</summary>
public static class ParquetTableWriter
{
    /// <summary>Writes rows already shredded into columns as one row group.</summary>
    public static async Task WriteAsync(Stream output, RowShredder rows, ParquetSettings settings,
        IReadOnlyDictionary<string, string>? metadata = null, CancellationToken ct = default)
    {
        var options = new ParquetOptions { CompressionMethod = settings.Compression, CompressionLevel = settings.Level };
        await using var writer = await ParquetWriter.CreateAsync(rows.Schema.Parquet, output, options, append: false, ct);
        if (metadata is not null) writer.CustomMetadata = metadata.ToDictionary();
        using var rowGroup = writer.CreateRowGroup();
        foreach (var column in rows.Columns) await column.WriteAsync(rowGroup, ct);
        TimestampStatistics.Fix(rowGroup, rows.Columns);
    }

    public static async Task WriteAsync(Stream output, TableSchema schema, IReadOnlyList<object?[]> rows, ParquetSettings settings,
        IReadOnlyDictionary<string, string>? metadata = null, CancellationToken ct = default)
    {
        var options = new ParquetOptions { CompressionMethod = settings.Compression, CompressionLevel = settings.Level };
        await using var writer = await ParquetWriter.CreateAsync(schema.Parquet, output, options, append: false, ct);
        if (metadata is not null) writer.CustomMetadata = metadata.ToDictionary();
        for (var start = 0; start < rows.Count || start == 0; start += settings.RowGroupRows)
        {
            var shredder = new RowShredder(schema);
            var end = Math.Min(rows.Count, start + settings.RowGroupRows);
            for (var i = start; i < end; i++) shredder.Add(rows[i]);
            using var rowGroup = writer.CreateRowGroup();
            foreach (var column in shredder.Columns) await column.WriteAsync(rowGroup, ct);
            TimestampStatistics.Fix(rowGroup, shredder.Columns);
            if (rows.Count == 0) break;
        }
    }
}

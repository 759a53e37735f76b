using ParquetSharp;

namespace Lake.Parquet;

/// <summary>Writes rows of a <see cref="TableSchema"/> into one Parquet file (ParquetSharp, Arrow C++'s writer), with key-value metadata.</summary>
public static class ParquetTableWriter
{
    /// <summary>Writes rows already shredded into columns as one row group.</summary>
    public static Task WriteAsync(Stream output, RowShredder rows, ParquetSettings settings,
        IReadOnlyDictionary<string, string>? metadata = null, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        Write(output, rows.Schema, settings, metadata, writer => WriteRowGroup(writer, rows));
        return Task.CompletedTask;
    }

    public static Task WriteAsync(Stream output, TableSchema schema, IReadOnlyList<object?[]> rows, ParquetSettings settings,
        IReadOnlyDictionary<string, string>? metadata = null, CancellationToken ct = default)
    {
        Write(output, schema, settings, metadata, writer =>
        {
            for (var start = 0; start < rows.Count || start == 0; start += settings.RowGroupRows)
            {
                ct.ThrowIfCancellationRequested();
                var shredder = new RowShredder(schema);
                var end = Math.Min(rows.Count, start + settings.RowGroupRows);
                for (var i = start; i < end; i++) shredder.Add(rows[i]);
                WriteRowGroup(writer, shredder);
                if (rows.Count == 0) break;
            }
        });
        return Task.CompletedTask;
    }

    private static void Write(Stream output, TableSchema schema, ParquetSettings settings, IReadOnlyDictionary<string, string>? metadata, Action<ParquetFileWriter> writeRowGroups)
    {
        using var properties = settings.Properties(schema);
        using var writer = new ParquetFileWriter(output, schema.Parquet, properties, metadata ?? new Dictionary<string, string>(), leaveOpen: true);
        writeRowGroups(writer);
        writer.Close();
    }

    private static void WriteRowGroup(ParquetFileWriter writer, RowShredder rows)
    {
        using var rowGroup = writer.AppendRowGroup();
        foreach (var column in rows.Columns)
        {
            using var chunk = rowGroup.NextColumn();
            column.Write(chunk);
        }
        rowGroup.Close();
    }
}

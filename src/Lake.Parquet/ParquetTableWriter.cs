using ParquetSharp;
using ParquetSharp.IO;

namespace Lake.Parquet;

/// <summary>
/// Writes rows of a <see cref="TableSchema"/> into one Parquet file (ParquetSharp, Arrow C++'s writer), with key-value metadata.
/// Synchronous: the native writer calls the stream's <c>Write</c>; callers run it on a writer thread.
/// </summary>
public static class ParquetTableWriter
{
    /// <summary>Writes rows already shredded into columns as one row group.</summary>
    public static void Write(Stream output, RowShredder rows, ParquetSettings settings, IReadOnlyDictionary<string, string>? metadata = null) =>
        Write(output, rows.Schema, settings.ForRows(rows.RowCount), metadata, writer => WriteRowGroup(writer, rows));

    /// <summary>Writes rows, <see cref="ParquetSettings.RowGroupRows"/> per row group.</summary>
    public static void Write(Stream output, TableSchema schema, IReadOnlyList<object?[]> rows, ParquetSettings settings,
        IReadOnlyDictionary<string, string>? metadata = null, CancellationToken ct = default) =>
        Write(output, schema, settings.ForRows(rows.Count), metadata, writer =>
        {
            for (var start = 0; start < rows.Count || start == 0; start += settings.RowGroupRows)
            {
                ct.ThrowIfCancellationRequested();
                var shredder = new RowShredder(schema);
                var end = Math.Min(rows.Count, start + settings.RowGroupRows);
                for (var i = start; i < end; i++) shredder.Add(rows[i]);
                WriteRowGroup(writer, shredder);
                shredder.Release();
                if (rows.Count == 0) break;
            }
        });

    private static void Write(Stream output, TableSchema schema, ParquetSettings settings, IReadOnlyDictionary<string, string>? metadata, Action<ParquetFileWriter> writeRowGroups)
    {
        // Every native handle is disposed here: one left to the finalizer per file cost a whole core in a backfill of 23,000 files.
        using var stream = new ManagedOutputStream(output, leaveOpen: true);
        using var properties = settings.Properties(schema);
        using var writer = new ParquetFileWriter(stream, schema.Parquet, properties, metadata);
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

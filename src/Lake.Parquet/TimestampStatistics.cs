using System.Reflection;
using Parquet;

namespace Lake.Parquet;

/// <summary>
/// Parquet.Net 6.1 writes the min/max statistics of a TIMESTAMP(MICROS) column chunk in milliseconds (aloneguid/parquet-dotnet#769),
/// so readers that skip row groups by statistics (DuckDB, Spark, Athena) drop rows a timestamp filter should find. Lake replaces
/// them with the exact range of the values it wrote, before the footer is written.
/// </summary>
internal static class TimestampStatistics
{
    private static readonly FieldInfo RowGroupField = typeof(ParquetRowGroupWriter).GetField("_owGroup", BindingFlags.NonPublic | BindingFlags.Instance)
        ?? throw new InvalidOperationException("Parquet.Net changed: ParquetRowGroupWriter._owGroup is gone; revisit TimestampStatistics (issue #769 may be fixed)");

    public static void Fix(ParquetRowGroupWriter rowGroup, IEnumerable<LeafColumn> columns)
    {
        var chunks = ((global::Parquet.Meta.RowGroup)RowGroupField.GetValue(rowGroup)!).Columns;
        foreach (var (column, chunk) in columns.Zip(chunks))
        {
            if (column.MicrosRange is not var (min, max) || chunk.MetaData?.Statistics is not { } stats) continue;
            if (!chunk.MetaData.PathInSchema.SequenceEqual(column.Field.Path.ToList()))
                throw new InvalidOperationException($"column order differs from Parquet.Net's at '{column.Field.Path}'; revisit TimestampStatistics");
            stats.Min = stats.MinValue = BitConverter.GetBytes(min);
            stats.Max = stats.MaxValue = BitConverter.GetBytes(max);
        }
    }
}

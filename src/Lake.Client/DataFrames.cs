using Apache.Arrow;
using Lake.Core.Schema;
using Lake.Projections;
using Lake.Projections.Snapshots;
using Microsoft.Data.Analysis;

namespace Lake.Client;

/// <summary>Copies snapshot record batches into DataFrame columns of the projection's column types.</summary>
internal static class DataFrames
{
    public static DataFrame From(Projection projection, IReadOnlyList<RecordBatch> batches)
    {
        var columns = new List<DataFrameColumn> { new StringDataFrameColumn(projection.KeyColumn, Values(batches, 0).Select(v => (string?)v)) };
        for (var c = 0; c < projection.Columns.Count; c++)
        {
            var column = projection.Columns[c];
            var values = Values(batches, c + 1);
            columns.Add(column.Type.Kind switch
            {
                FieldKind.String or FieldKind.Enum => new StringDataFrameColumn(column.Name, values.Select(v => (string?)v)),
                FieldKind.Bool => new BooleanDataFrameColumn(column.Name, values.Select(v => (bool?)v)),
                FieldKind.Int32 => new Int32DataFrameColumn(column.Name, values.Select(v => (int?)v)),
                FieldKind.Int64 => new Int64DataFrameColumn(column.Name, values.Select(v => (long?)v)),
                FieldKind.Double => new DoubleDataFrameColumn(column.Name, values.Select(v => (double?)v)),
                FieldKind.Decimal => new DecimalDataFrameColumn(column.Name, values.Select(v => (decimal?)v)),
                FieldKind.Timestamp => new DateTimeDataFrameColumn(column.Name, values.Select(v => (DateTime?)v)),
                FieldKind.Date => new DateTimeDataFrameColumn(column.Name, values.Select(v => v is DateOnly d ? d.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) : (DateTime?)null)),
                _ => throw new NotSupportedException($"column '{column.Name}' has type {column.Type}"),
            });
        }
        return new DataFrame(columns);
    }

    private static List<object?> Values(IReadOnlyList<RecordBatch> batches, int column)
    {
        var values = new List<object?>();
        foreach (var batch in batches)
        {
            var array = batch.Column(column);
            for (var row = 0; row < batch.Length; row++) values.Add(SnapshotValues.Get(array, row));
        }
        return values;
    }
}

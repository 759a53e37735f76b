using Parquet.Schema;

namespace Lake.Parquet;

/// <summary>A lake table's Parquet schema and how to shred its rows (one object?[] per row, structs and lists as nested object?[]).</summary>
public sealed class TableSchema
{
    private readonly List<Func<ColumnNode>> _nodeFactories;

    public TableSchema(IReadOnlyList<ColumnSpec> columns)
    {
        Columns = columns;
        var built = columns.Select(c => ColumnNode.Build(c.Name, c.Type, c.Required, c.Binary)).ToList();
        Parquet = new ParquetSchema(built.Select(b => b.Field).ToArray());
        _nodeFactories = built.Select(b => b.Node).ToList();
        Roots = _nodeFactories.Select(f => f()).ToList();
    }

    public IReadOnlyList<ColumnSpec> Columns { get; }
    public ParquetSchema Parquet { get; }
    internal IReadOnlyList<ColumnNode> Roots { get; }
    public int IndexOf(string column) => Columns.ToList().FindIndex(c => c.Name == column);
}

using ParquetSharp.Schema;

namespace Lake.Parquet;

/// <summary>A lake table's Parquet schema and how to shred its rows (one object?[] per row, structs and lists as nested object?[]).</summary>
public sealed class TableSchema
{
    private GroupNode? _parquet;

    public TableSchema(IReadOnlyList<ColumnSpec> columns)
    {
        Columns = columns;
        Roots = columns.Select(c => ColumnNode.Build(c.Name, c.Type, c.Required, c.Binary)).ToList();
    }

    public IReadOnlyList<ColumnSpec> Columns { get; }
    internal IReadOnlyList<ColumnNode> Roots { get; }

    /// <summary>The file schema, built once: ParquetSharp copies it into each file writer, and never changes it.</summary>
    internal GroupNode Parquet
    {
        get
        {
            if (Volatile.Read(ref _parquet) is { } built) return built;
            var root = new GroupNode("schema", ParquetSharp.Repetition.Required, Roots.Select(r => r.ToParquet()).ToArray());
            return Interlocked.CompareExchange(ref _parquet, root, null) ?? root;
        }
    }

    public int IndexOf(string column) => Columns.ToList().FindIndex(c => c.Name == column);
}

namespace Lake.Parquet;

/// <summary>
/// Turns rows into Parquet leaf columns (Dremel encoding): for each leaf, the non-null values with definition levels (how much of
/// the path is present) and repetition levels (which list a value continues), as the schema's nodes define them.
/// </summary>
public sealed class RowShredder
{
    private readonly TableSchema _schema;
    private readonly List<(int Root, ColumnNode[] Path, LeafColumn Column)> _leaves = [];

    /// <summary>Rows are shredded as they arrive, so a buffer holds typed column values instead of row object graphs.</summary>
    public RowShredder(TableSchema schema)
    {
        _schema = schema;
        for (var i = 0; i < schema.Roots.Count; i++) Collect(i, [schema.Roots[i]]);
    }

    internal IEnumerable<LeafColumn> Columns => _leaves.Select(l => l.Column);

    public TableSchema Schema => _schema;

    /// <summary>Rows added so far.</summary>
    public int RowCount { get; private set; }

    private void Collect(int root, ColumnNode[] path)
    {
        var node = path[^1];
        if (node.IsLeaf) { _leaves.Add((root, path, LeafColumn.For(node))); return; }
        foreach (var child in node.Children) Collect(root, [.. path, child]);
    }

    /// <summary>Gives every column's arrays back for reuse. Call once the rows are written (or dropped), and not use the shredder again.</summary>
    public void Release()
    {
        foreach (var (_, _, column) in _leaves) column.Release();
        RowCount = 0;
    }

    public void Add(object?[] row)
    {
        foreach (var (root, path, column) in _leaves) Visit(row[root], path, 0, column, 0, 0);
        RowCount++;
    }

    private static void Visit(object? value, ColumnNode[] path, int depth, LeafColumn column, int parentDefinition, int repetition)
    {
        var node = path[depth];
        if (value is null)
        {
            if (node.Required) throw new InvalidOperationException($"column '{node.Path}' is required but the row has no value");
            column.AddNull(parentDefinition, repetition);
            return;
        }
        if (node.IsLeaf)
        {
            column.AddValue(value, node.MaxDefinition, repetition);
            return;
        }
        if (node.IsStruct)
        {
            var childIndex = IndexOfChild(node, path[depth + 1]);
            Visit(((object?[])value)[childIndex], path, depth + 1, column, node.MaxDefinition, repetition);
            return;
        }
        var items = (object?[])value;
        if (items.Length == 0)
        {
            // The list is there but empty: defined up to the list, not to its repeated group.
            column.AddNull(node.MaxDefinition - 1, repetition);
            return;
        }
        for (var i = 0; i < items.Length; i++)
        {
            Visit(items[i], path, depth + 1, column, node.MaxDefinition, i == 0 ? repetition : node.MaxRepetition);
        }
    }

    private static int IndexOfChild(ColumnNode node, ColumnNode child)
    {
        for (var i = 0; i < node.Children.Count; i++) if (ReferenceEquals(node.Children[i], child)) return i;
        throw new InvalidOperationException("schema path is inconsistent");
    }
}

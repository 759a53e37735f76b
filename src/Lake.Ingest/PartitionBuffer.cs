using Lake.Parquet;

namespace Lake.Ingest;

/// <summary>
/// Rows waiting for one partition folder of one zone, already shredded into columns (so the rows' object graphs die young),
/// with an estimate of the memory they hold.
/// </summary>
internal sealed class PartitionBuffer(string zone, string directory, TableSchema schema)
{
    public string Zone { get; } = zone;
    public string Directory { get; } = directory;
    public TableSchema Schema { get; } = schema;
    private RowShredder _rows = new(schema);
    public int Count => _rows.RowCount;
    public long EstimatedBytes { get; private set; }
    /// <summary>Parts already written for this folder in the current batch (a budget flush writes a part early).</summary>
    public int Parts { get; set; }

    public void Add(object?[] row, long estimatedBytes)
    {
        _rows.Add(row);
        EstimatedBytes += estimatedBytes;
    }

    public RowShredder Take()
    {
        var rows = _rows;
        _rows = new RowShredder(Schema);
        EstimatedBytes = 0;
        return rows;
    }
}

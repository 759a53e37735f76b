using Lake.Parquet;

namespace Lake.Ingest;

/// <summary>Rows waiting for one partition folder of one zone, with an estimate of the memory they hold.</summary>
internal sealed class PartitionBuffer(string zone, string directory, TableSchema schema)
{
    public string Zone { get; } = zone;
    public string Directory { get; } = directory;
    public TableSchema Schema { get; } = schema;
    public List<object?[]> Rows { get; private set; } = [];
    public long EstimatedBytes { get; private set; }
    /// <summary>Parts already written for this folder in the current batch (a budget flush writes a part early).</summary>
    public int Parts { get; set; }

    public void Add(object?[] row, long estimatedBytes)
    {
        Rows.Add(row);
        EstimatedBytes += estimatedBytes;
    }

    public List<object?[]> Take()
    {
        var rows = Rows;
        Rows = [];
        EstimatedBytes = 0;
        return rows;
    }
}

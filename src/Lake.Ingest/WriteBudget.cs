namespace Lake.Ingest;

/// <summary>
/// The memory budget of all buffered rows across every open commit unit: past it, the largest buffer anywhere is written
/// out as a part (ties broken by folder name, so the files are the same on every run).
/// </summary>
internal sealed class WriteBudget(long limitBytes)
{
    private readonly List<CommitUnit> _units = [];
    public long Buffered { get; private set; }

    public void Register(CommitUnit unit) => _units.Add(unit);
    public void Unregister(CommitUnit unit) => _units.Remove(unit);

    public void Released(long bytes) => Buffered -= bytes;

    public void Add(long bytes)
    {
        Buffered += bytes;
        while (Buffered > limitBytes && Largest() is ({ } unit, { } buffer)) unit.Stage(buffer);
    }

    // A plain scan: a Kafka backfill holds ~20,000 buffers, and this runs at every flush (LINQ here took 3 of 28 s of the decoding thread).
    private (CommitUnit?, PartitionBuffer?) Largest()
    {
        (CommitUnit? Unit, PartitionBuffer? Buffer) best = (null, null);
        foreach (var unit in _units)
        {
            foreach (var buffer in unit.Buffers)
            {
                if (buffer.Count == 0) continue;
                if (best.Buffer is null || buffer.EstimatedBytes > best.Buffer.EstimatedBytes
                    || (buffer.EstimatedBytes == best.Buffer.EstimatedBytes && string.CompareOrdinal(buffer.Directory, best.Buffer.Directory) < 0))
                    best = (unit, buffer);
            }
        }
        return best;
    }
}

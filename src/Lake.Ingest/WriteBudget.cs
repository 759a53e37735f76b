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
        while (Buffered > limitBytes)
        {
            var largest = _units.SelectMany(u => u.Buffers.Select(b => (Unit: u, Buffer: b))).Where(x => x.Buffer.Count > 0)
                .OrderByDescending(x => x.Buffer.EstimatedBytes).ThenBy(x => x.Buffer.Directory, StringComparer.Ordinal)
                .FirstOrDefault();
            if (largest.Unit is null) break;
            largest.Unit.Stage(largest.Buffer);
        }
    }
}

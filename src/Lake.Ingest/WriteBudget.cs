namespace Lake.Ingest;

/// <summary>
/// The memory budget of all buffered rows across every open commit unit: past it, the largest buffers anywhere are written
/// out as parts, largest first (ties broken by folder name, so the files are the same on every run), until the rows held are
/// a sixteenth under the limit.
/// </summary>
internal sealed class WriteBudget(long limitBytes)
{
    /// <summary>Buffers picked per scan: a Kafka backfill holds ~20,000 buffers, and one scan per part written cost 4% of its decoding thread.</summary>
    private const int PickedPerScan = 16;

    private readonly List<CommitUnit> _units = [];
    private readonly List<(CommitUnit Unit, PartitionBuffer Buffer)> _picked = new(PickedPerScan + 1);
    public long Buffered { get; private set; }

    public void Register(CommitUnit unit) => _units.Add(unit);
    public void Unregister(CommitUnit unit) => _units.Remove(unit);

    public void Released(long bytes) => Buffered -= bytes;

    public void Add(long bytes)
    {
        Buffered += bytes;
        if (Buffered <= limitBytes) return;
        // Down to a sixteenth under the limit, not just under it: otherwise every few rows added past the limit scanned every
        // buffer again to write out one more.
        var target = limitBytes - limitBytes / 16;
        while (Buffered > target && PickLargest())
        {
            foreach (var (unit, buffer) in _picked)
            {
                if (Buffered <= target) break;
                unit.Stage(buffer);
            }
        }
    }

    /// <summary>The largest non-empty buffers, largest first, in <see cref="_picked"/>; false when there is none.</summary>
    private bool PickLargest()
    {
        _picked.Clear();
        foreach (var unit in _units)
        {
            foreach (var buffer in unit.Buffers)
            {
                if (buffer.Count == 0) continue;
                if (_picked.Count == PickedPerScan && !Before(buffer, _picked[^1].Buffer)) continue;
                // Insertion into a short sorted list: most buffers are rejected by the comparison above.
                var at = _picked.Count;
                while (at > 0 && Before(buffer, _picked[at - 1].Buffer)) at--;
                _picked.Insert(at, (unit, buffer));
                if (_picked.Count > PickedPerScan) _picked.RemoveAt(PickedPerScan);
            }
        }
        return _picked.Count > 0;
    }

    private static bool Before(PartitionBuffer a, PartitionBuffer b) =>
        a.EstimatedBytes > b.EstimatedBytes || (a.EstimatedBytes == b.EstimatedBytes && string.CompareOrdinal(a.Directory, b.Directory) < 0);
}

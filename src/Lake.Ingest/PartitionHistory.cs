namespace Lake.Ingest;

/// <summary>
/// The commit log of one source partition, resolved: a record is valid when its writer's claim exists and every newer claim
/// resumed after the record's last offset. Valid records form the lake's content; invalid ones (from a fenced writer, or
/// orphans of a crash) are leftovers to remove.
/// </summary>
public sealed class PartitionHistory
{
    public PartitionHistory(string source, int partition, IReadOnlyList<PartitionClaim> claims, IReadOnlyList<CommitRecord> records)
    {
        Source = source;
        Partition = partition;
        Claims = [.. claims.OrderBy(c => c.Epoch).ThenBy(c => c.Writer, StringComparer.Ordinal)];
        var valid = new List<CommitRecord>();
        var invalid = new List<CommitRecord>();
        foreach (var r in records.OrderBy(r => r.FirstOffset).ThenBy(r => r.Epoch).ThenBy(r => r.Writer, StringComparer.Ordinal))
        {
            var own = Claims.Any(c => c.Epoch == r.Epoch && c.Writer == r.Writer);
            var fenced = Claims.Any(c => c.CompareTo(r.Epoch, r.Writer) > 0 && c.ResumeFrom <= r.LastOffset);
            (own && !fenced ? valid : invalid).Add(r);
        }
        Valid = valid;
        Invalid = invalid;
        Start = Claims.Count > 0 ? Claims[0].ResumeFrom : 0;
        End = valid.Count == 0 ? Start : Math.Max(Start, valid.Max(r => r.LastOffset) + 1);
    }

    public string Source { get; }
    public int Partition { get; }
    public IReadOnlyList<PartitionClaim> Claims { get; }
    public IReadOnlyList<CommitRecord> Valid { get; }
    public IReadOnlyList<CommitRecord> Invalid { get; }
    /// <summary>Where the partition's history begins: offset 0, or where the first claim started (a backfill from a time).</summary>
    public long Start { get; }
    /// <summary>The next offset to ingest.</summary>
    public long End { get; }

    /// <summary>The newest claim, or null before anyone claimed the partition.</summary>
    public PartitionClaim? Newest => Claims.Count == 0 ? null : Claims[^1];

    /// <summary>True when a claim newer than the lease's exists: the lease's holder must stop writing.</summary>
    public bool Fences(PartitionLease lease) => Claims.Any(c => c.CompareTo(lease.Epoch, lease.Writer) > 0);
}

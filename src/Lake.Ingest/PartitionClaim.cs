namespace Lake.Ingest;

/// <summary>
/// A writer's claim on a source partition, stored at <c>_lake/claims/source=&lt;s&gt;/p&lt;n&gt;/&lt;epoch&gt;-&lt;writer&gt;.json</c>
/// before it writes anything there. <see cref="ResumeFrom"/> is where the committed history ended when the claim was made:
/// records of older claims that reach it or beyond are invalid, so a writer that lost the partition cannot add to it.
/// </summary>
public sealed record PartitionClaim(long Epoch, string Writer, long ResumeFrom)
{
    /// <summary>Claims are ordered by epoch, then writer name (two claims of one epoch can only come from a race; the order settles it).</summary>
    public int CompareTo(long epoch, string writer)
    {
        var byEpoch = Epoch.CompareTo(epoch);
        return byEpoch != 0 ? byEpoch : string.CompareOrdinal(Writer, writer);
    }
}

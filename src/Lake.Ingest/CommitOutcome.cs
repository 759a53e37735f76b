namespace Lake.Ingest;

/// <summary>How a commit ended when it was not refused.</summary>
public enum CommitOutcome
{
    /// <summary>The record is valid and the lease still holds.</summary>
    Committed,
    /// <summary>The record is valid, but a newer claim exists: the writer must stop writing this partition.</summary>
    CommittedThenFenced,
}

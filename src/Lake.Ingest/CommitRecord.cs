namespace Lake.Ingest;

/// <summary>
/// A committed offset range of one source partition and the files it produced, written by the holder of a claim
/// (<see cref="Epoch"/>, <see cref="Writer"/>). The commit log is the source of truth: a file is part of the lake only when a
/// valid record lists it (see <see cref="PartitionHistory"/> for what makes a record valid).
/// </summary>
public sealed record CommitRecord
{
    public required string Source { get; init; }
    public required int Partition { get; init; }
    public required long FirstOffset { get; init; }
    public required long LastOffset { get; init; }
    /// <summary>The claim this record was written under: a newer claim fences it (<see cref="PartitionClaim"/>).</summary>
    public required long Epoch { get; init; }
    public required string Writer { get; init; }
    /// <summary>Identifies the source content (file size and hash of its first bytes), so a different file with the same name is refused.</summary>
    public string? SourceIdentity { get; init; }
    public required string CatalogFingerprint { get; init; }
    public required IReadOnlyList<CommittedFile> Files { get; init; }
    public long Records { get; init; }
}

namespace Lake.Ingest;

/// <summary>
/// One file a commit made part of the lake: its key, zone, row count, size and content hash, and (where the store can rename)
/// the hidden key it was staged under, which recovery renames into place if a crash came between the commit and the rename.
/// </summary>
public sealed record CommittedFile(string Path, string Zone, long Rows, long Bytes, string Sha256, string? StagedAs);

namespace Lake.Ingest;

/// <summary>
/// One file a commit made visible: its path in the lake, zone, row count, size and content hash, and the hidden name it was
/// staged under (recovery renames it into place if a crash came between the commit and the rename).
/// </summary>
public sealed record CommittedFile(string Path, string Zone, long Rows, long Bytes, string Sha256, string StagedAs);

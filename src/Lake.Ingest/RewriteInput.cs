namespace Lake.Ingest;

/// <summary>A live file a rewrite replaces: its key and the content hash it had when the rewrite read it.</summary>
public sealed record RewriteInput(string Path, string Sha256, long Rows);

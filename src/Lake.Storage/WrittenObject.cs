namespace Lake.Storage;

/// <summary>An object that was written completely: its key, size and the SHA-256 of its content (lowercase hex).</summary>
public sealed record WrittenObject(string Key, long Size, string Sha256);

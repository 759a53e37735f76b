namespace Lake.Storage;

/// <summary>An object in a lake store: its key ('/'-separated, relative to the lake root), size in bytes and, where the store knows it, when it was last written (UTC).</summary>
public readonly record struct StoredObject(string Key, long Size, DateTime? Modified = null);

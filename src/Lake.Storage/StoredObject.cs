namespace Lake.Storage;

/// <summary>An object in a lake store: its key ('/'-separated, relative to the lake root) and size in bytes.</summary>
public readonly record struct StoredObject(string Key, long Size);

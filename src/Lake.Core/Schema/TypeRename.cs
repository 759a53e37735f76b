namespace Lake.Core.Schema;

/// <summary>A legacy event type that, at its latest version, continues as another type at a given version.</summary>
public readonly record struct TypeRename(string Type, int Version);

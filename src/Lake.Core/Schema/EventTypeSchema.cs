namespace Lake.Core.Schema;

/// <summary>An event type as declared in the catalog: documentation and every version, 1 to latest.</summary>
public sealed class EventTypeSchema
{
    public required string Name { get; init; }
    public string? Description { get; init; }
    public string? Owner { get; init; }
    /// <summary>Versions 1..N in order; <c>Versions[i].Version == i + 1</c> once the catalog is validated.</summary>
    public required IReadOnlyList<EventVersion> Versions { get; init; }
    /// <summary>When set, this type is legacy: its latest version upcasts into another type.</summary>
    public TypeRename? Becomes { get; init; }
    public SourceLocation Location { get; init; }

    public EventVersion Latest => Versions[^1];
    public int LatestVersion => Versions.Count;
    public EventVersion Version(int version) => Versions[version - 1];
}

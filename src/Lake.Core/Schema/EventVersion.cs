using Lake.Core.Upcasting;

namespace Lake.Core.Schema;

/// <summary>One version of an event type: its fields and the declarative steps that turn the previous version into it.</summary>
public sealed class EventVersion
{
    public required int Version { get; init; }
    public required FieldSet Fields { get; init; }
    /// <summary>Operations that upcast version <c>Version - 1</c> into this version; empty for version 1.</summary>
    public IReadOnlyList<UpcastOperation> UpcastFromPrevious { get; init; } = [];
    public SourceLocation Location { get; init; }
}

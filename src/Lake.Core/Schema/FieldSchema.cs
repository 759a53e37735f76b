namespace Lake.Core.Schema;

/// <summary>One declared field: name, type, whether it is required, its default and documentation.</summary>
public sealed class FieldSchema
{
    public required string Name { get; init; }
    public required FieldType Type { get; init; }
    public bool Required { get; init; }
    /// <summary>The default as a validated, typed value (see <see cref="Validation.ValueConverter"/>); null when none.</summary>
    public object? Default { get; init; }
    public bool HasDefault { get; init; }
    public string? Description { get; init; }
    public bool Pii { get; init; }
    /// <summary>String values that the producer uses to mean null (for example "" or "null").</summary>
    public IReadOnlyList<string> NullIf { get; init; } = [];
    public SourceLocation Location { get; init; }
}

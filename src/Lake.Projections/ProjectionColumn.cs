using Lake.Core.Schema;

namespace Lake.Projections;

/// <summary>One column of a projection's snapshot: its name, type (a primitive catalog type) and the value a new row starts with.</summary>
public sealed record ProjectionColumn(string Name, FieldType Type, object? Initial = null);

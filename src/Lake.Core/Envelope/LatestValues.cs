using Lake.Core.Schema;

namespace Lake.Core.Envelope;

/// <summary>An event's data read straight into its type's latest schema: validated typed values, and the fields the schema does not declare.</summary>
internal sealed record LatestValues(FieldSet Fields, object?[] Values, List<string>? Unknown);

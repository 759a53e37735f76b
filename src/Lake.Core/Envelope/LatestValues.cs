using Lake.Core.Schema;
using Lake.Core.Upcasting;

namespace Lake.Core.Envelope;

/// <summary>
/// An event's data read straight into its type's latest schema: validated typed values and the fields the schema does not
/// declare; <see cref="Source"/> is the lookup that allowed it, so an upcaster can tell envelopes decoded against its own catalog.
/// A struct, kept inside the envelope: one allocation fewer per event on the decoder's shortcut.
/// </summary>
internal readonly record struct LatestValues(LatestSchemas Source, EventTypeSchema Type, object?[] Values, List<string>? Unknown);

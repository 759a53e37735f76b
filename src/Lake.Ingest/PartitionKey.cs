using Lake.Core.Schema;

namespace Lake.Ingest;

/// <summary>The lake zones a record can land in.</summary>
internal enum Zone { Events, Raw, Quarantine }

/// <summary>Identifies a partition folder cheaply on the per-record path: zone, event type (for events/) and day number.</summary>
internal readonly record struct PartitionKey(Zone Zone, EventTypeSchema? Type, int Day);

using Lake.Core.Catalog;
using Lake.Core.Schema;

namespace Lake.Core.Upcasting;

/// <summary>
/// The event types and versions the decoder may read straight into the latest schema's typed values: a type's latest version
/// when it has no C# upcaster there and no rename into another type, so validation is all that stands between the wire and
/// the curated event; and its older versions whose declarative steps have a <see cref="VersionPlan"/>.
/// </summary>
internal sealed class LatestSchemas
{
    private readonly Dictionary<string, Entry> _types = new(StringComparer.Ordinal);

    /// <summary>A type and, by received version, the plan for each older version that has one.</summary>
    private sealed record Entry(EventTypeSchema Type, VersionPlan?[] Plans);

    public LatestSchemas(EventCatalog catalog)
    {
        foreach (var type in catalog.Types)
        {
            if (type.Becomes is not null || catalog.CodeUpcaster(type.Name, type.LatestVersion) is not null) continue;
            var plans = new VersionPlan?[type.LatestVersion];
            for (var v = type.LatestVersion - 1; v >= 1; v--)
            {
                // A C# upcaster at any version on the way leaves that version and all earlier ones to the general path.
                if (catalog.CodeUpcaster(type.Name, v) is not null) break;
                plans[v] = VersionPlan.TryCompile(type, v);
            }
            _types[type.Name] = new Entry(type, plans);
        }
    }

    /// <summary>
    /// <paramref name="type"/>'s schema when <paramref name="version"/> can be read straight into its latest values, with the
    /// plan to do it for an older version (null for the latest); else null.
    /// </summary>
    public EventTypeSchema? Find(string type, int version, out VersionPlan? plan)
    {
        plan = null;
        if (!_types.TryGetValue(type, out var entry)) return null;
        if (entry.Type.LatestVersion == version) return entry.Type;
        if (version < 1 || version >= entry.Plans.Length || entry.Plans[version] is not { } p) return null;
        plan = p;
        return entry.Type;
    }
}

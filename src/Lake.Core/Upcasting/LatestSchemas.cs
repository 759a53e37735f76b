using Lake.Core.Catalog;
using Lake.Core.Schema;

namespace Lake.Core.Upcasting;

/// <summary>
/// The event types whose latest version the decoder may read straight into typed values: those with no C# upcaster at that
/// version and no rename into another type, so validation is all that stands between the wire and the curated event.
/// </summary>
internal sealed class LatestSchemas
{
    private readonly Dictionary<string, EventTypeSchema> _types = new(StringComparer.Ordinal);

    public LatestSchemas(EventCatalog catalog)
    {
        foreach (var type in catalog.Types)
        {
            if (type.Becomes is null && catalog.CodeUpcaster(type.Name, type.LatestVersion) is null) _types[type.Name] = type;
        }
    }

    /// <summary><paramref name="type"/>'s schema when <paramref name="version"/> is its latest and it qualifies; else null.</summary>
    public EventTypeSchema? Find(string type, int version) =>
        _types.TryGetValue(type, out var t) && t.LatestVersion == version ? t : null;
}

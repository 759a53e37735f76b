using Lake.Core.Catalog;
using Lake.Core.Schema;

namespace Lake.Core.Upcasting;

/// <summary>
/// The event types whose latest version the decoder may read straight into typed values: those with no C# upcaster at that
/// version and no rename into another type, so validation is all that stands between the wire and the curated event.
/// </summary>
internal sealed class LatestSchemas
{
    private readonly Dictionary<string, (int Version, FieldSet Fields)> _types = new(StringComparer.Ordinal);

    public LatestSchemas(EventCatalog catalog)
    {
        foreach (var type in catalog.Types)
        {
            if (type.Becomes is null && catalog.CodeUpcaster(type.Name, type.LatestVersion) is null) _types[type.Name] = (type.LatestVersion, type.Latest.Fields);
        }
    }

    /// <summary>The latest fields of <paramref name="type"/> when <paramref name="version"/> is its latest and it qualifies; else null.</summary>
    public FieldSet? Find(string type, int version) =>
        _types.TryGetValue(type, out var t) && t.Version == version ? t.Fields : null;
}

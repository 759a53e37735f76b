using System.Collections.Concurrent;

namespace Lake.Projections.Reading;

/// <summary>Small numbers for event paths (<c>amount</c>, <c>owner.name</c>), so a chunk finds a path's accessor by index, not by name.</summary>
internal static class EventPaths
{
    private static readonly ConcurrentDictionary<string, int> Ids = new(StringComparer.Ordinal);

    public static int Id(string path) => Ids.GetOrAdd(path, static (_, ids) => ids.Count, Ids);
}

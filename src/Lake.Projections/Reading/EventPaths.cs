using System.Collections.Concurrent;

namespace Lake.Projections.Reading;

/// <summary>Small numbers for event paths (<c>amount</c>, <c>owner.name</c>), so a chunk finds a path's accessor by index, not by name.</summary>
internal static class EventPaths
{
    private static readonly ConcurrentDictionary<string, int> Ids = new(StringComparer.Ordinal);
    private static int _next = -1;

    // The factory may run more than once for a path (GetOrAdd does not lock), so ids come from a counter, never from the count:
    // two paths added at once must not share an id. An id lost to a discarded factory run is a harmless gap.
    public static int Id(string path) => Ids.GetOrAdd(path, static _ => Interlocked.Increment(ref _next));
}

using System.Buffers;

namespace Lake.Projections.Reading;

/// <summary>
/// The events of one dt partition that pass the time filters, in fold order, each event id once. The entries live in a pooled
/// buffer (a day's entries are megabytes: fresh arrays each day landed on the large object heap, and every few days its budget
/// forced a full, blocking collection); dispose the day to return it.
/// </summary>
internal sealed class EventDay(DateOnly dt, List<EventChunk> chunks, ArrayPool<FoldEntry> pool, FoldEntry[] buffer, int count, long read) : IDisposable
{
    private FoldEntry[]? _buffer = buffer;

    public DateOnly Dt { get; } = dt;
    public IReadOnlyList<EventChunk> Chunks { get; } = chunks;
    public ArraySegment<FoldEntry> Entries { get; } = new(buffer, 0, count);
    /// <summary>Rows read from the day's files, before the time filters and de-duplication.</summary>
    public long Read { get; } = read;

    public void Dispose()
    {
        foreach (var c in Chunks) c.Dispose();
        if (Interlocked.Exchange(ref _buffer, null) is { } b) pool.Return(b);
    }
}

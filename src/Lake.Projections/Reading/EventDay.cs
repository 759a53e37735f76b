namespace Lake.Projections.Reading;

/// <summary>The events of one dt partition that pass the time filters, in fold order, each event id once.</summary>
internal sealed class EventDay(DateOnly dt, List<EventChunk> chunks, FoldEntry[] entries, long read) : IDisposable
{
    public DateOnly Dt { get; } = dt;
    public IReadOnlyList<EventChunk> Chunks { get; } = chunks;
    public FoldEntry[] Entries { get; } = entries;
    /// <summary>Rows read from the day's files, before the time filters and de-duplication.</summary>
    public long Read { get; } = read;

    public void Dispose()
    {
        foreach (var c in Chunks) c.Dispose();
    }
}

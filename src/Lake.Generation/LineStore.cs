namespace Lake.Generation;

/// <summary>
/// The bytes of pending lines, kept by the minute they are recorded in, in chunks that are reused once every line of that
/// minute is emitted.
/// </summary>
/// <remarks>
/// Lines wait a simulated day or more for their recorded_at turn (~250k lines in the shop history). As an array each, they
/// outlived gen0 and gen1, were copied twice, and made the collector run a full collection every ~130k lines (15 gen2 GCs,
/// 0.75 s of pauses in 2M lines). Pooled chunks are promoted once and then stay: the collector sees a few thousand arrays
/// that never die. Chunks grow from 4 KiB to 64 KiB per minute, so sparse histories do not hold 64 KiB per line.
/// </remarks>
internal sealed class LineStore
{
    private const int SmallestChunk = 4 * 1024;
    private const int SizeClasses = 5; // 4, 8, 16, 32, 64 KiB

    private sealed class Minute
    {
        public readonly List<byte[]> Chunks = [];
        public byte[]? Current;
        public int Used;
    }

    private readonly Dictionary<long, Minute> _minutes = [];
    /// <summary>Minutes holding bytes, oldest first, to release in order.</summary>
    private readonly PriorityQueue<long, long> _held = new();
    private readonly Stack<byte[]>[] _spareChunks = Enumerable.Range(0, SizeClasses).Select(_ => new Stack<byte[]>()).ToArray();
    private readonly Stack<Minute> _spareMinutes = new();

    public LineBytes Store(long minute, ReadOnlySpan<byte> bytes)
    {
        if (!_minutes.TryGetValue(minute, out var m))
        {
            _minutes[minute] = m = _spareMinutes.TryPop(out var spare) ? spare : new Minute();
            _held.Enqueue(minute, minute);
        }
        if (m.Current is null || m.Used + bytes.Length > m.Current.Length)
        {
            var size = m.Current is null ? SmallestChunk : Math.Min(m.Current.Length * 2, SmallestChunk << (SizeClasses - 1));
            m.Current = Rent(Math.Max(size, bytes.Length));
            m.Chunks.Add(m.Current);
            m.Used = 0;
        }
        bytes.CopyTo(m.Current.AsSpan(m.Used));
        var line = new LineBytes(m.Current, m.Used, bytes.Length);
        m.Used += bytes.Length;
        return line;
    }

    /// <summary>Reuses the chunks of every minute before <paramref name="minute"/>; the caller has no waiting line there.</summary>
    public void ReleaseBefore(long minute)
    {
        while (_held.TryPeek(out var oldest, out _) && oldest < minute)
        {
            _held.Dequeue();
            _minutes.Remove(oldest, out var m);
            foreach (var chunk in m!.Chunks) Return(chunk);
            m.Chunks.Clear();
            m.Current = null;
            m.Used = 0;
            _spareMinutes.Push(m);
        }
    }

    private byte[] Rent(int size)
    {
        var c = SizeClass(size);
        if (c < 0) return new byte[size];
        return _spareChunks[c].TryPop(out var chunk) ? chunk : new byte[SmallestChunk << c];
    }

    private void Return(byte[] chunk)
    {
        var c = SizeClass(chunk.Length);
        if (c >= 0 && chunk.Length == SmallestChunk << c) _spareChunks[c].Push(chunk);
    }

    /// <summary>The smallest class that holds <paramref name="size"/> bytes, or -1 above 64 KiB.</summary>
    private static int SizeClass(int size)
    {
        for (var c = 0; c < SizeClasses; c++)
        {
            if (size <= SmallestChunk << c) return c;
        }
        return -1;
    }
}

namespace Lake.Parquet;

/// <summary>
/// Variable-length values (strings, payloads) copied into a few shared chunks. A buffered partition then holds a handful of
/// arrays rather than one object per value, so a garbage collection has almost nothing to trace or promote while rows wait
/// for their file (measured: per-value strings and byte arrays made GC pauses a third of a file ingest's time).
/// </summary>
internal sealed class SliceArena<T> where T : unmanaged
{
    // Chunks start small so that hundreds of small partitions stay small, and stop growing before the large object heap.
    private const int FirstChunk = 256;
    private const int LargestChunk = 32 * 1024;

    private readonly List<T[]> _chunks = [];
    private readonly ValueBuffer<(int Chunk, int Start, int Length)> _slices = new();
    private T[] _current = [];
    private int _currentIndex = -1;
    private int _used;

    public int Count => _slices.Count;

    public void Add(ReadOnlySpan<T> value)
    {
        if (value.Length > _current.Length - _used)
        {
            var size = Math.Min(LargestChunk, Math.Max(FirstChunk, _current.Length * 2));
            if (value.Length > size)
            {
                // A value larger than any chunk gets an array of its own; the current chunk stays open for the next ones.
                _chunks.Add(value.ToArray());
                _slices.Add((_chunks.Count - 1, 0, value.Length));
                return;
            }
            _current = new T[size];
            _chunks.Add(_current);
            _currentIndex = _chunks.Count - 1;
            _used = 0;
        }
        value.CopyTo(_current.AsSpan(_used));
        _slices.Add((_currentIndex, _used, value.Length));
        _used += value.Length;
    }

    /// <summary>The values as slices of the chunks, for the writer (made once, when the file is written).</summary>
    public ReadOnlyMemory<T>[] ToMemories()
    {
        var slices = _slices.Span;
        var result = new ReadOnlyMemory<T>[slices.Length];
        for (var i = 0; i < slices.Length; i++)
        {
            var (chunk, start, length) = slices[i];
            // An empty value may come before any chunk exists.
            result[i] = length == 0 ? ReadOnlyMemory<T>.Empty : _chunks[chunk].AsMemory(start, length);
        }
        return result;
    }
}

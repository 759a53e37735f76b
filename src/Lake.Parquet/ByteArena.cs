using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;

namespace Lake.Parquet;

/// <summary>
/// Variable-length values (UTF-8 strings, payloads) copied into a few shared chunks. A buffered partition then holds a handful of
/// arrays rather than one object per value, so a garbage collection has almost nothing to trace or promote while rows wait for
/// their file (measured: per-value strings and byte arrays made GC pauses a third of a file ingest's time). The chunks are pinned
/// only while the native Parquet writer reads them (allocating them pinned made each allocation a slow one: half the decoding thread).
/// </summary>
internal sealed class ByteArena
{
    // Chunks start small so that hundreds of small partitions stay small; the large ones come back from the pool rather than anew.
    private const int FirstChunk = 256;
    private const int LargestChunk = 256 * 1024;

    private readonly List<byte[]> _chunks = [];
    private readonly ValueBuffer<(int Chunk, int Start, int Length)> _slices = new();
    private byte[] _current = [];
    private int _currentIndex = -1;
    private int _used;

    public int Count => _slices.Count;

    public void Add(ReadOnlySpan<byte> value) => value.CopyTo(Reserve(value.Length));

    /// <summary>Adds a string as UTF-8, the bytes a Parquet string column holds.</summary>
    public void AddUtf8(string value)
    {
        // Most text is short ASCII: narrowed in one pass into room for as many bytes as it has chars, not counted first.
        if (value.Length <= FirstChunk && Ascii.FromUtf16(value, Room(value.Length), out _) == OperationStatus.Done)
        {
            Take(value.Length);
            return;
        }
        var bytes = Encoding.UTF8.GetByteCount(value);
        Encoding.UTF8.GetBytes(value, Reserve(bytes));
    }

    private Span<byte> Reserve(int length)
    {
        if (length > _current.Length - _used && length > NextChunkSize)
        {
            // A value larger than any chunk gets an array of its own; the current chunk stays open for the next ones.
            var own = BufferPool<byte>.Arrays.Rent(length);
            _chunks.Add(own);
            _slices.Add((_chunks.Count - 1, 0, length));
            // A rented array may be longer than asked for.
            return own.AsSpan(0, length);
        }
        var span = Room(length);
        Take(length);
        return span;
    }

    private int NextChunkSize => Math.Min(LargestChunk, Math.Max(FirstChunk, _current.Length * 2));

    /// <summary>Free space for <paramref name="length"/> bytes (at most a chunk's size) at the end of the current chunk, not yet taken.</summary>
    private Span<byte> Room(int length)
    {
        if (length > _current.Length - _used)
        {
            _current = BufferPool<byte>.Arrays.Rent(NextChunkSize);
            _chunks.Add(_current);
            _currentIndex = _chunks.Count - 1;
            _used = 0;
        }
        return _current.AsSpan(_used, length);
    }

    /// <summary>Takes the next <paramref name="length"/> bytes of the current chunk as a value.</summary>
    private void Take(int length)
    {
        // An empty value may come before any chunk exists; it is read back by its length alone.
        _slices.Add((Math.Max(_currentIndex, 0), _used, length));
        _used += length;
    }

    /// <summary>Gives the chunks back for reuse; the arena is empty afterwards.</summary>
    public void Release()
    {
        foreach (var chunk in _chunks) BufferPool<byte>.Arrays.Return(chunk);
        _chunks.Clear();
        _slices.Release();
        _current = [];
        _currentIndex = -1;
        _used = 0;
    }

    /// <summary>The value at <paramref name="index"/>.</summary>
    public ReadOnlySpan<byte> this[int index]
    {
        get
        {
            var (chunk, start, length) = _slices.Span[index];
            return length == 0 ? default : _chunks[chunk].AsSpan(start, length);
        }
    }

    /// <summary>
    /// Calls <paramref name="write"/> with the values as native byte arrays over the chunks, pinned for the duration of the call.
    /// </summary>
    public void WithByteArrays(Action<ParquetSharp.ByteArray[]> write)
    {
        var handles = new GCHandle[_chunks.Count];
        try
        {
            for (var i = 0; i < handles.Length; i++) handles[i] = GCHandle.Alloc(_chunks[i], GCHandleType.Pinned);
            var slices = _slices.Span;
            var values = new ParquetSharp.ByteArray[slices.Length];
            for (var i = 0; i < slices.Length; i++)
            {
                var (chunk, start, length) = slices[i];
                values[i] = length == 0 ? new ParquetSharp.ByteArray(IntPtr.Zero, 0) : new ParquetSharp.ByteArray(handles[chunk].AddrOfPinnedObject() + start, length);
            }
            write(values);
        }
        finally
        {
            foreach (var handle in handles) if (handle.IsAllocated) handle.Free();
        }
    }
}

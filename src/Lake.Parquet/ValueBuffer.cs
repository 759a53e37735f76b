namespace Lake.Parquet;

/// <summary>A growable array of values, rented from <see cref="BufferPool{T}"/> and returned by <see cref="Release"/>.</summary>
internal sealed class ValueBuffer<T>
{
    private T[] _items = [];

    public int Count { get; private set; }

    public ReadOnlySpan<T> Span => _items.AsSpan(0, Count);

    public void Add(T item)
    {
        if (Count == _items.Length) Grow();
        _items[Count++] = item;
    }

    private void Grow()
    {
        var larger = BufferPool<T>.Arrays.Rent(Math.Max(16, _items.Length * 2));
        _items.AsSpan(0, Count).CopyTo(larger);
        Return();
        _items = larger;
    }

    /// <summary>Gives the array back for reuse; the buffer is empty afterwards.</summary>
    public void Release()
    {
        Return();
        _items = [];
        Count = 0;
    }

    private void Return()
    {
        if (_items.Length > 0) BufferPool<T>.Arrays.Return(_items);
    }
}

namespace Lake.Parquet;

/// <summary>A growable array of values that hands its contents to the writer as memory, without the copy <c>List.ToArray</c> makes.</summary>
internal sealed class ValueBuffer<T>
{
    private T[] _items = [];

    public int Count { get; private set; }

    public ReadOnlyMemory<T> Memory => _items.AsMemory(0, Count);

    public ReadOnlySpan<T> Span => _items.AsSpan(0, Count);

    public void Add(T item)
    {
        if (Count == _items.Length) Array.Resize(ref _items, Math.Max(16, _items.Length * 2));
        _items[Count++] = item;
    }
}

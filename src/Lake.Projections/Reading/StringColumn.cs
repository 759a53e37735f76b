using System.Text;
using Apache.Arrow;

namespace Lake.Projections.Reading;

/// <summary>
/// A string column of one chunk copied into managed arrays (offsets, UTF-8 bytes, nulls) once, so the fold reads a value with two
/// array loads instead of Arrow's accessors, which reach the native buffer through its Memory&lt;T&gt; on every call.
/// </summary>
internal sealed class StringColumn
{
    private readonly int[] _offsets;
    private readonly byte[] _bytes;
    private readonly bool[]? _nulls;

    public StringColumn(StringArray array)
    {
        var offsets = array.ValueOffsets;
        var first = offsets[0];
        _offsets = new int[offsets.Length];
        for (var i = 0; i < offsets.Length; i++) _offsets[i] = offsets[i] - first;
        _bytes = array.Values.Slice(first, offsets[^1] - first).ToArray();
        _nulls = ArrowColumns.Nulls(array);
    }

    public bool IsNull(int row) => _nulls is not null && _nulls[row];

    public string? Get(int row) => IsNull(row) ? null : Encoding.UTF8.GetString(_bytes, _offsets[row], _offsets[row + 1] - _offsets[row]);

    /// <summary>Decodes the value into <paramref name="buffer"/>: its length, -1 when null, -2 when it does not fit.</summary>
    public int Copy(int row, Span<char> buffer)
    {
        if (IsNull(row)) return -1;
        var bytes = _bytes.AsSpan(_offsets[row], _offsets[row + 1] - _offsets[row]);
        return bytes.Length <= buffer.Length && Encoding.UTF8.TryGetChars(bytes, buffer, out var written) ? written : -2;
    }
}

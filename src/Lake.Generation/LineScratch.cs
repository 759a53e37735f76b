namespace Lake.Generation;

/// <summary>
/// Where a generating thread writes the lines of one batch of lives: the lines in one list, their bytes back to back. The
/// merging thread copies each line out when it takes the batch, and the scratch is then reused: no array or list per line
/// or per life.
/// </summary>
internal sealed class LineScratch
{
    private byte[] _buffer = new byte[256 * 1024];
    private int _used;

    /// <summary>The batch's lines, life after life.</summary>
    public List<PendingLine> Lines { get; } = new(512);

    public LineBytes Append(ReadOnlySpan<byte> bytes)
    {
        if (_used + bytes.Length > _buffer.Length)
        {
            // Lines already written keep the old buffer alive through their slices until they are copied out.
            _buffer = new byte[Math.Max(_buffer.Length * 2, bytes.Length)];
            _used = 0;
        }
        bytes.CopyTo(_buffer.AsSpan(_used));
        var line = new LineBytes(_buffer, _used, bytes.Length);
        _used += bytes.Length;
        return line;
    }

    public void Reset()
    {
        _used = 0;
        Lines.Clear();
    }
}

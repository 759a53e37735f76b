namespace Lake.Generation;

/// <summary>A generated line's bytes: a slice of a buffer shared with other lines (a batch's scratch, or a minute's store).</summary>
internal readonly record struct LineBytes(byte[] Array, int Offset, int Length)
{
    public Span<byte> Span => Array.AsSpan(Offset, Length);
}

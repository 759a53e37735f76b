using System.Buffers;

namespace Lake.Core.Envelope;

/// <summary>
/// Splits a stream into lines of raw bytes (no decoding, so invalid UTF-8 reaches the decoder and is quarantined as sent).
/// Handles <c>\n</c> and <c>\r\n</c>, a final line without newline, and lines of any length.
/// </summary>
public sealed class NdjsonLineReader(Stream stream, int bufferSize = 1 << 16) : IDisposable
{
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(bufferSize);
    private int _start;
    private int _end;
    private bool _eof;

    /// <summary>1-based number of the line last returned.</summary>
    public long LineNumber { get; private set; }

    /// <summary>Byte offset in the stream of the line last returned.</summary>
    public long LineOffset { get; private set; }

    private long _consumed;

    /// <summary>The next line, valid until the next call; false at the end of the stream. Empty lines are returned too.</summary>
    public bool TryReadLine(out ReadOnlySpan<byte> line)
    {
        while (true)
        {
            var i = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (i >= 0)
            {
                line = Trim(_buffer.AsSpan(_start, i));
                LineOffset = _consumed;
                _consumed += i + 1;
                _start += i + 1;
                LineNumber++;
                return true;
            }
            if (_eof)
            {
                if (_start == _end) { line = default; return false; }
                line = Trim(_buffer.AsSpan(_start, _end - _start));
                LineOffset = _consumed;
                _consumed += _end - _start;
                _start = _end;
                LineNumber++;
                return true;
            }
            Fill();
        }
    }

    private static ReadOnlySpan<byte> Trim(Span<byte> s) => s.Length > 0 && s[^1] == (byte)'\r' ? s[..^1] : s;

    private void Fill()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
            Buffer.BlockCopy(_buffer, 0, bigger, 0, _end);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }
        var n = stream.Read(_buffer, _end, _buffer.Length - _end);
        if (n == 0) _eof = true;
        _end += n;
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
        stream.Dispose();
    }
}

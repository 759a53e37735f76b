using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Lake.Core.Data;

namespace Lake.Generation;

/// <summary>
/// Writes one generated line's minimised JSON straight into a byte buffer: the same bytes as <see cref="Utf8JsonWriter"/>
/// with <see cref="JavaScriptEncoder.UnsafeRelaxedJsonEscaping"/> and <see cref="JsonDataWriter"/>'s value formats, at a
/// fraction of the cost (names encoded once, ASCII values copied without an escaping pass). One per generating thread.
/// </summary>
/// <remarks>
/// Numbers are formatted by <see cref="Utf8Formatter"/>, as the writer formats them; a string that is not plain printable
/// ASCII takes the writer's own path (the encoder decides what to escape), so the two cannot disagree on escaping. One
/// difference is left: a lone surrogate (invalid UTF-16, which nothing here generates) becomes U+FFFD instead of "\uD800".
/// </remarks>
internal sealed class JsonLineWriter
{
    private static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    private byte[] _buffer = new byte[2048];
    private int _length;
    /// <summary>A value or member was written last, so the next one needs a comma.</summary>
    private bool _separate;
    private readonly Dictionary<string, byte[]> _names = new(ReferenceEqualityComparer.Instance);

    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _length);

    public int Length => _length;

    public void Reset()
    {
        _length = 0;
        _separate = false;
    }

    /// <summary><c>"name":</c> as bytes, for names written on every line.</summary>
    public static byte[] EncodeName(string name) => [(byte)'"', .. JsonEncodedText.Encode(name, Encoder).EncodedUtf8Bytes, (byte)'"', (byte)':'];

    public void StartObject()
    {
        Separate();
        Put((byte)'{');
        _separate = false;
    }

    public void EndObject()
    {
        Put((byte)'}');
        _separate = true;
    }

    public void Name(byte[] encoded)
    {
        Separate();
        encoded.CopyTo(Reserve(encoded.Length));
        _length += encoded.Length;
        _separate = false;
    }

    public void Name(string name)
    {
        // Names come from the catalog, so each string instance is encoded once; the cap only guards a pathological pipeline.
        if (!_names.TryGetValue(name, out var encoded))
        {
            encoded = EncodeName(name);
            if (_names.Count < 10_000) _names[name] = encoded;
        }
        Name(encoded);
    }

    /// <summary>A string value known to be printable ASCII without quotes or backslashes (ids, times).</summary>
    public void AsciiString(ReadOnlySpan<byte> ascii)
    {
        Separate();
        var span = Reserve(ascii.Length + 2);
        span[0] = (byte)'"';
        ascii.CopyTo(span[1..]);
        span[ascii.Length + 1] = (byte)'"';
        _length += ascii.Length + 2;
        _separate = true;
    }

    public void String(string value)
    {
        Separate();
        if (IsPlainAscii(value))
        {
            var span = Reserve(value.Length + 2);
            span[0] = (byte)'"';
            Encoding.ASCII.GetBytes(value, span[1..]);
            span[value.Length + 1] = (byte)'"';
            _length += value.Length + 2;
        }
        else
        {
            // As the writer does: UTF-8 as is unless the encoder asks for an escape somewhere, then the encoder's escaping.
            var utf8 = Encoding.UTF8.GetByteCount(value);
            var span = Reserve(utf8 + 2);
            span[0] = (byte)'"';
            Encoding.UTF8.GetBytes(value, span[1..]);
            if (Encoder.FindFirstCharacterToEncodeUtf8(span.Slice(1, utf8)) < 0)
            {
                span[utf8 + 1] = (byte)'"';
                _length += utf8 + 2;
            }
            else
            {
                var escaped = JsonEncodedText.Encode(value, Encoder).EncodedUtf8Bytes;
                span = Reserve(escaped.Length + 2);
                span[0] = (byte)'"';
                escaped.CopyTo(span[1..]);
                span[escaped.Length + 1] = (byte)'"';
                _length += escaped.Length + 2;
            }
        }
        _separate = true;
    }

    public void Number(long value)
    {
        Separate();
        Utf8Formatter.TryFormat(value, Reserve(20), out var n);
        _length += n;
        _separate = true;
    }

    public void Number(decimal value)
    {
        Separate();
        Utf8Formatter.TryFormat(value, Reserve(64), out var n);
        _length += n;
        _separate = true;
    }

    public void Number(double value)
    {
        // The writer refuses what JSON cannot hold.
        if (!double.IsFinite(value)) throw new ArgumentException($"{value} is not a JSON number", nameof(value));
        Separate();
        Utf8Formatter.TryFormat(value, Reserve(128), out var n);
        _length += n;
        _separate = true;
    }

    /// <summary>A timestamp as <see cref="Timestamps.Format(DateTime, Span{char}, bool)"/> writes it (the precision it has).</summary>
    public void Timestamp(DateTime value)
    {
        Span<char> text = stackalloc char[27];
        Span<byte> ascii = stackalloc byte[27];
        var n = Timestamps.Format(value, text, fixedMicros: false);
        for (var k = 0; k < n; k++) ascii[k] = (byte)text[k];
        AsciiString(ascii[..n]);
    }

    public void Value(object? value)
    {
        switch (value)
        {
            case null: Literal("null"u8); break;
            case string s: String(s); break;
            case bool b: Literal(b ? "true"u8 : "false"u8); break;
            case decimal m: Number(m); break;
            case double d: Number(d); break;
            case long l: Number(l); break;
            case int i: Number(i); break;
            case DateTime t: Timestamp(t); break;
            case DateOnly d:
            {
                Span<byte> ascii = stackalloc byte[10];
                d.TryFormat(ascii, out var n, "yyyy-MM-dd", CultureInfo.InvariantCulture);
                AsciiString(ascii[..n]);
                break;
            }
            case DataObject o: Object(o); break;
            case List<object?> items:
                StartArray();
                for (var i = 0; i < items.Count; i++) Value(items[i]);
                EndArray();
                break;
            case System.Collections.IEnumerable list:
                StartArray();
                foreach (var item in list) Value(item);
                EndArray();
                break;
            default: throw new ArgumentException($"cannot write {value.GetType().Name} as JSON");
        }
    }

    public void Object(DataObject o)
    {
        StartObject();
        for (var i = 0; i < o.Count; i++)
        {
            Name(o.NameAt(i));
            Value(o.ValueAt(i));
        }
        EndObject();
    }

    private void StartArray()
    {
        Separate();
        Put((byte)'[');
        _separate = false;
    }

    private void EndArray()
    {
        Put((byte)']');
        _separate = true;
    }

    private void Literal(ReadOnlySpan<byte> text)
    {
        Separate();
        text.CopyTo(Reserve(text.Length));
        _length += text.Length;
        _separate = true;
    }

    private static bool IsPlainAscii(string value)
    {
        foreach (var c in value)
        {
            if (c is < (char)0x20 or > (char)0x7E or '"' or '\\') return false;
        }
        return true;
    }

    private void Separate()
    {
        if (_separate) Put((byte)',');
    }

    private void Put(byte b)
    {
        Reserve(1)[0] = b;
        _length++;
    }

    /// <summary>At least <paramref name="count"/> free bytes at the end of what was written.</summary>
    private Span<byte> Reserve(int count)
    {
        if (_length + count > _buffer.Length) Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + count));
        return _buffer.AsSpan(_length);
    }
}

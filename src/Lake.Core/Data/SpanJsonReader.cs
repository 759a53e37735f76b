using System.Buffers;
using System.Buffers.Text;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Lake.Core.Data;

/// <summary>
/// A strict JSON reader over one whole event, which it also checks to be UTF-8: the same tokens, values and depths as
/// <see cref="Utf8JsonReader"/> on JSON it accepts, at a fraction of its cost per token (no segments, no comments, no state
/// to resume). On anything else it throws, and the caller reads the event again with <see cref="Utf8JsonReader"/>, whose
/// error is the one reported. It may refuse more than <see cref="Utf8JsonReader"/> does (a deeper nesting), never less.
/// </summary>
internal ref struct SpanJsonReader : IJsonTokens
{
    /// <summary>Below <see cref="Utf8JsonReader"/>'s limit of 64 used by the decoder, so the two never disagree on depth.</summary>
    private const int MaxDepth = 63;

    private static readonly SearchValues<byte> StringStops = SearchValues.Create([.. Enumerable.Range(0, 0x20).Select(b => (byte)b), (byte)'"', (byte)'\\']);
    private static readonly SearchValues<byte> AsciiStringStops = SearchValues.Create([.. Enumerable.Range(0, 0x20).Select(b => (byte)b), .. Enumerable.Range(0x80, 0x80).Select(b => (byte)b), (byte)'"', (byte)'\\']);
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly ReadOnlySpan<byte> _json;
    private int _pos;
    private int _valueStart;
    private int _valueLength;
    private int _depth;
    /// <summary>Bit d: the container at depth d is an object (clear: an array).</summary>
    private ulong _objects;
    private JsonTokenType _token;
    private bool _escaped;
    /// <summary>The current string holds only ASCII bytes: its text is a plain widening.</summary>
    private bool _ascii;

    public SpanJsonReader(ReadOnlySpan<byte> utf8Json) => _json = utf8Json;

    public readonly JsonTokenType TokenType => _token;
    public readonly ReadOnlySpan<byte> ValueSpan => _json.Slice(_valueStart, _valueLength);
    public readonly bool ValueIsEscaped => _escaped;
    public readonly bool HasValueSequence => false;
    public readonly int CurrentDepth => _token is JsonTokenType.StartObject or JsonTokenType.StartArray ? _depth - 1 : _depth;

    public bool Read()
    {
        var json = _json;
        var pos = SkipWhitespace(json, _pos);
        switch (_token)
        {
            case JsonTokenType.None:
                return ReadValue(json, pos);
            case JsonTokenType.StartObject:
                if (pos < json.Length && json[pos] == (byte)'}') return EndContainer(pos);
                return ReadPropertyName(json, pos);
            case JsonTokenType.StartArray:
                if (pos < json.Length && json[pos] == (byte)']') return EndContainer(pos);
                return ReadValue(json, pos);
            case JsonTokenType.PropertyName:
                return ReadValue(json, pos);
            default:
                if (_depth == 0)
                {
                    if (pos < json.Length) throw Invalid(pos);
                    _pos = pos;
                    return false;
                }
                if (pos >= json.Length) throw Invalid(pos);
                var inObject = (_objects & (1UL << (_depth - 1))) != 0;
                var c = json[pos];
                if (c == (byte)',')
                {
                    pos = SkipWhitespace(json, pos + 1);
                    return inObject ? ReadPropertyName(json, pos) : ReadValue(json, pos);
                }
                if (c == (inObject ? (byte)'}' : (byte)']')) return EndContainer(pos);
                throw Invalid(pos);
        }
    }

    private bool EndContainer(int pos)
    {
        _depth--;
        _token = (_objects & (1UL << _depth)) != 0 ? JsonTokenType.EndObject : JsonTokenType.EndArray;
        _valueStart = pos;
        // As on Utf8JsonReader, a bracket's value is the bracket itself.
        _valueLength = 1;
        _escaped = false;
        _pos = pos + 1;
        return true;
    }

    private bool ReadPropertyName(ReadOnlySpan<byte> json, int pos)
    {
        if (pos >= json.Length || json[pos] != (byte)'"') throw Invalid(pos);
        var end = ScanString(json, pos);
        var colon = SkipWhitespace(json, end);
        if (colon >= json.Length || json[colon] != (byte)':') throw Invalid(colon);
        _token = JsonTokenType.PropertyName;
        _pos = colon + 1;
        return true;
    }

    private bool ReadValue(ReadOnlySpan<byte> json, int pos)
    {
        if (pos >= json.Length) throw Invalid(pos);
        _escaped = false;
        switch (json[pos])
        {
            case (byte)'{':
                return StartContainer(pos, JsonTokenType.StartObject);
            case (byte)'[':
                return StartContainer(pos, JsonTokenType.StartArray);
            case (byte)'"':
                _pos = ScanString(json, pos);
                _token = JsonTokenType.String;
                return true;
            case (byte)'t':
                return Literal(json, pos, "true"u8, JsonTokenType.True);
            case (byte)'f':
                return Literal(json, pos, "false"u8, JsonTokenType.False);
            case (byte)'n':
                return Literal(json, pos, "null"u8, JsonTokenType.Null);
            default:
                return ReadNumber(json, pos);
        }
    }

    private bool StartContainer(int pos, JsonTokenType token)
    {
        if (_depth >= MaxDepth) throw Invalid(pos);
        if (token == JsonTokenType.StartObject) _objects |= 1UL << _depth;
        else _objects &= ~(1UL << _depth);
        _depth++;
        _token = token;
        _valueStart = pos;
        // As on Utf8JsonReader, a bracket's value is the bracket itself.
        _valueLength = 1;
        _pos = pos + 1;
        return true;
    }

    private bool Literal(ReadOnlySpan<byte> json, int pos, ReadOnlySpan<byte> literal, JsonTokenType token)
    {
        if (!json[pos..].StartsWith(literal)) throw Invalid(pos);
        _token = token;
        _valueStart = pos;
        _valueLength = literal.Length;
        _pos = pos + literal.Length;
        return true;
    }

    /// <summary>A number by JSON's grammar; what may follow it (a delimiter) is checked by the next read.</summary>
    private bool ReadNumber(ReadOnlySpan<byte> json, int pos)
    {
        var i = pos;
        if (json[i] == (byte)'-' && ++i >= json.Length) throw Invalid(i);
        if (json[i] == (byte)'0') i++;
        else if (IsDigit(json[i])) i = Digits(json, i + 1);
        else throw Invalid(i);
        if (i < json.Length && json[i] == (byte)'.')
        {
            if (++i >= json.Length || !IsDigit(json[i])) throw Invalid(i);
            i = Digits(json, i + 1);
        }
        if (i < json.Length && (json[i] | 0x20) == (byte)'e')
        {
            if (++i < json.Length && json[i] is (byte)'+' or (byte)'-') i++;
            if (i >= json.Length || !IsDigit(json[i])) throw Invalid(i);
            i = Digits(json, i + 1);
        }
        _token = JsonTokenType.Number;
        _valueStart = pos;
        _valueLength = i - pos;
        _pos = i;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;

    private static int Digits(ReadOnlySpan<byte> json, int i)
    {
        while (i < json.Length && IsDigit(json[i])) i++;
        return i;
    }

    /// <summary>
    /// Scans the string whose quote is at <paramref name="quote"/>; sets the value; returns the index after the closing quote.
    /// Text that is not ASCII is checked to be UTF-8 here, so the whole event is checked once: structure outside strings is ASCII.
    /// </summary>
    private int ScanString(ReadOnlySpan<byte> json, int quote)
    {
        var start = quote + 1;
        var i = start;
        var escaped = false;
        var ascii = true;
        while (true)
        {
            i = NextStop(json, i, ascii);
            var c = json[i];
            if (c == (byte)'"') break;
            if (c >= 0x80)
            {
                // The first byte beyond ASCII: the rest of the string is scanned for quotes, escapes and controls only.
                ascii = false;
                i++;
                continue;
            }
            if (c != (byte)'\\') throw Invalid(i);
            escaped = true;
            if (i + 1 >= json.Length) throw Invalid(i);
            switch (json[i + 1])
            {
                case (byte)'"' or (byte)'\\' or (byte)'/' or (byte)'b' or (byte)'f' or (byte)'n' or (byte)'r' or (byte)'t':
                    i += 2;
                    break;
                case (byte)'u':
                    if (i + 6 > json.Length) throw Invalid(i);
                    for (var k = i + 2; k < i + 6; k++)
                    {
                        if (!char.IsAsciiHexDigit((char)json[k])) throw Invalid(k);
                    }
                    i += 6;
                    break;
                default:
                    throw Invalid(i);
            }
        }
        // A UTF-8 sequence holds no byte below 0x80, so no quote or backslash can split one: the text is checked whole.
        if (!ascii && !Utf8.IsValid(json[start..i])) throw Invalid(start);
        _valueStart = start;
        _valueLength = i - start;
        _escaped = escaped;
        _ascii = ascii;
        return i + 1;
    }

    /// <summary>
    /// The index of the next quote, backslash or control byte from <paramref name="i"/> (or, while <paramref name="ascii"/>,
    /// the next byte beyond ASCII), 16 bytes at a time.
    /// </summary>
    private static int NextStop(ReadOnlySpan<byte> json, int i, bool ascii)
    {
        ref var start = ref MemoryMarshal.GetReference(json);
        // Bytes outside 0x20..0x7F in one unsigned comparison: subtracting 0x20 moves them to 0x60 and above.
        var outside = ascii ? (byte)0x60 : (byte)0xE0;
        while (i + Vector128<byte>.Count <= json.Length)
        {
            var v = Vector128.LoadUnsafe(ref start, (nuint)i);
            var stops = Vector128.Equals(v, Vector128.Create((byte)'"')) | Vector128.Equals(v, Vector128.Create((byte)'\\'))
                | Vector128.GreaterThanOrEqual(v - Vector128.Create((byte)0x20), Vector128.Create(outside));
            var mask = stops.ExtractMostSignificantBits();
            if (mask != 0) return i + BitOperations.TrailingZeroCount(mask);
            i += Vector128<byte>.Count;
        }
        var rest = json[i..].IndexOfAny(ascii ? AsciiStringStops : StringStops);
        if (rest < 0) throw Invalid(json.Length);
        return i + rest;
    }

    private static int SkipWhitespace(ReadOnlySpan<byte> json, int pos)
    {
        while (pos < json.Length && json[pos] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r') pos++;
        return pos;
    }

    public void Skip()
    {
        if (_token == JsonTokenType.PropertyName) Read();
        if (_token is JsonTokenType.StartObject or JsonTokenType.StartArray)
        {
            var depth = CurrentDepth;
            do
            {
                if (!Read()) throw Invalid(_pos);
            }
            while (depth < CurrentDepth);
        }
    }

    public readonly string? GetString()
    {
        if (_token == JsonTokenType.Null) return null;
        RequireText();
        // Escaped text is rare: Utf8JsonReader unescapes it, so escapes (and a lone surrogate's refusal) mean the same here.
        if (_escaped) return Token().GetString();
        if (_ascii) return string.Create(_valueLength, ValueSpan, static (chars, bytes) => Ascii.ToUtf16(bytes, chars, out _));
        return StrictUtf8.GetString(ValueSpan);
    }

    public readonly bool ValueTextEquals(ReadOnlySpan<byte> utf8Text)
    {
        RequireText();
        return _escaped ? Token().ValueTextEquals(utf8Text) : ValueSpan.SequenceEqual(utf8Text);
    }

    public readonly bool ValueTextEquals(string text)
    {
        RequireText();
        if (_escaped || !Ascii.IsValid(text)) return Token().ValueTextEquals(text);
        var span = ValueSpan;
        return span.Length == text.Length && Ascii.Equals(span, text);
    }

    public readonly bool TryGetInt32(out int value)
    {
        var span = NumberSpan();
        return Utf8Parser.TryParse(span, out value, out var consumed) && consumed == span.Length || Fail(out value);
    }

    public readonly bool TryGetInt64(out long value)
    {
        var span = NumberSpan();
        return Utf8Parser.TryParse(span, out value, out var consumed) && consumed == span.Length || Fail(out value);
    }

    public readonly bool TryGetDecimal(out decimal value)
    {
        var span = NumberSpan();
        return Utf8Parser.TryParse(span, out value, out var consumed) && consumed == span.Length || Fail(out value);
    }

    /// <summary>Doubles are rare in events (decimals come first): Utf8JsonReader's own reading, infinities refused as it refuses them.</summary>
    public readonly bool TryGetDouble(out double value)
    {
        NumberSpan();
        var token = Token();
        return token.TryGetDouble(out value);
    }

    public readonly double GetDouble()
    {
        NumberSpan();
        var token = Token();
        return token.GetDouble();
    }

    private static bool Fail<T>(out T value) where T : struct
    {
        value = default;
        return false;
    }

    private readonly ReadOnlySpan<byte> NumberSpan() =>
        _token == JsonTokenType.Number ? ValueSpan : throw new InvalidOperationException($"cannot read a number from a {_token} token");

    private readonly void RequireText()
    {
        if (_token is not (JsonTokenType.String or JsonTokenType.PropertyName)) throw new InvalidOperationException($"cannot read text from a {_token} token");
    }

    /// <summary>The current string or number on its own, read by <see cref="Utf8JsonReader"/>.</summary>
    private readonly Utf8JsonReader Token()
    {
        var quoted = _token is JsonTokenType.String or JsonTokenType.PropertyName;
        var reader = new Utf8JsonReader(quoted ? _json.Slice(_valueStart - 1, _valueLength + 2) : ValueSpan);
        reader.Read();
        return reader;
    }

    private static JsonException Invalid(int position) => new($"not valid JSON at byte {position}");
}

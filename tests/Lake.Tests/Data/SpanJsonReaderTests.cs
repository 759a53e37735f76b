using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Lake.Core.Data;
using Lake.Core.Upcasting;
using Lake.Generation;
using Lake.Pipelines;
using Lake.Tests.Upcasting;
using static Lake.Tests.Upcasting.LatestShortcutTests;

namespace Lake.Tests.Data;

/// <summary>
/// The lean reader must read what it accepts exactly as Utf8JsonReader does (tokens, depths, escapes, text, numbers) and
/// refuse everything Utf8JsonReader refuses; the decoder built on it must give the reader of record's result for any line.
/// </summary>
public sealed class SpanJsonReaderTests
{
    private static readonly JsonReaderOptions Options = new() { MaxDepth = 64 };

    public static TheoryData<string> Valid => new()
    {
        """{}""",
        """[]""",
        """ { "a" : [ 1 , -2.5e+3 , 0 , -0 , 0.125 , 1E2 , true , false , null ] } """,
        "{\t\"a\"\r\n:\n{\"b\":{\"c\":[[],[{}]]}}}",
        """{"esc":"a\"b\\c\/d\b\f\n\r\t\u00e9\u20AC\uD83D\uDE00","\u0069d":"x"}""",
        """{"lone":"\ud800"}""",
        """{"utf8":"Nørregade Długa 東京 😀"}""",
        """{"big":123456789012345678901234567890,"small":1e-400,"huge":1e400,"int":2147483648,"long":-9223372036854775809}""",
        """{"exp":1.5e1,"neg":-0.0,"zeros":10.00,"frac":0.000001}""",
        "\"just a string\" ",
        """42""",
        """[1,[2,[3,[4]]]]""",
        "{\"caf\u00e9\":\"\u00e9t\u00e9 \u6771\u4eac\",\"long\":\"" + new string('\u00e9', 40) + "\"}",
    };

    public static TheoryData<string> Invalid => new()
    {
        "",
        " ",
        "{",
        "}",
        """{"a":1,}""",
        """[1,]""",
        """{"a" 1}""",
        """{"a":01}""",
        """{"a":1.}""",
        """{"a":.5}""",
        """{"a":-}""",
        """{"a":1e}""",
        """{"a":+1}""",
        """{"a":1a}""",
        """{"a":tru}""",
        """{"a":nul}""",
        """{"a":True}""",
        """{'a':1}""",
        """{"a":"b\x"}""",
        """{"a":"\u12G4"}""",
        "{\"a\":\"tab\there\"}",
        """{"a":1}{}""",
        """{"a":1} x""",
        """{"a":[1}""",
        """{"a":{"b":1]}""",
        """{"a":1 /* no */}""",
        """{a:1}""",
        """{"a":"unterminated}""",
        "\uFEFF{}",
        "{\"a\":1}\u00A0",
        new string('[', 70) + new string(']', 70),
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public void Valid_json_gives_Utf8JsonReaders_tokens(string json)
    {
        var utf8 = Encoding.UTF8.GetBytes(json);
        Assert.Equal(Reference(utf8), Lean(utf8));
    }

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Invalid_json_is_refused(string json)
    {
        var utf8 = Encoding.UTF8.GetBytes(json);
        Assert.Null(Lean(utf8));
        if (json.Length > 100) return; // 70 levels: refused by both, but at a depth the lean reader refuses earlier
        Assert.Null(Reference(utf8));
    }

    [Theory]
    [InlineData("7B2261223A22C328227D")] // {"a":"\xC3("}: a lead byte without its continuation
    [InlineData("7B22FF223A317D")] // a never-valid byte in a name
    [InlineData("7B2261223A2278E282227D")] // a three-byte sequence cut short before the quote
    [InlineData("7B2261223A317D80")] // a continuation byte after the object
    [InlineData("7B2261223A5B312C80325D7D")] // a continuation byte between values
    [InlineData("7B2261223A22C0AF227D")] // an overlong encoding of '/'
    [InlineData("7B2261223A22EDA080227D")] // an encoded surrogate
    public void Bytes_that_are_not_UTF8_are_refused_wherever_they_are(string hex)
    {
        Assert.Null(Lean(Convert.FromHexString(hex)));
    }

    [Theory]
    [InlineData("shop")]
    [InlineData("bank")]
    public void Every_generated_line_is_read_as_Utf8JsonReader_reads_it(string pipelineName)
    {
        var pipeline = PipelineLoader.Load(Repo.Pipeline(pipelineName));
        foreach (var line in new HistoryGenerator(pipeline).Generate(new GenerationOptions(5_000, 3) { BadShare = 0.05 }))
        {
            var utf8 = line.Json.ToArray();
            if (!Utf8.IsValid(utf8)) continue;
            var reference = Reference(utf8);
            Assert.Equal(reference, Lean(utf8));
        }
    }

    [Fact]
    public void Mutated_lines_are_refused_or_read_exactly_as_Utf8JsonReader_reads_them()
    {
        var random = new Random(17);
        var lines = SampleLines(2_000);
        int accepted = 0, refused = 0, notUtf8 = 0;
        for (var n = 0; n < 40_000; n++)
        {
            var utf8 = Mutate(lines[random.Next(lines.Count)], random);
            var lean = Lean(utf8);
            if (!Utf8.IsValid(utf8))
            {
                // Utf8JsonReader reads past bytes that are not UTF-8 where it reads no text; the lean reader checks them all.
                Assert.True(lean is null, $"accepted bytes that are not UTF-8: {Convert.ToHexString(utf8)}");
                notUtf8++;
                continue;
            }
            var reference = Reference(utf8);
            // Accepting less than the reference costs speed only; accepting more, or reading differently, is the bug.
            Assert.True(lean is null || reference is not null, $"accepted what Utf8JsonReader refuses: {Encoding.UTF8.GetString(utf8)}");
            Assert.True((lean is null) == (reference is null), $"refused what Utf8JsonReader reads: {Encoding.UTF8.GetString(utf8)}");
            if (lean is null) { refused++; continue; }
            accepted++;
            Assert.Equal(reference, lean);
        }
        Assert.True(accepted > 5_000 && refused > 5_000 && notUtf8 > 2_000, $"{accepted} accepted, {refused} refused, {notUtf8} not UTF-8: the mutations do not cover all three");
    }

    [Fact]
    public void Mutated_events_decode_to_the_reader_of_records_result()
    {
        var random = new Random(23);
        var upcaster = Upcasting.Pipelines.Shop;
        var lines = SampleLines(2_000);
        for (var n = 0; n < 20_000; n++)
        {
            var utf8 = Mutate(lines[random.Next(lines.Count)], random);
            AssertSame(General(upcaster, utf8), upcaster.Process(utf8), Encoding.UTF8.GetString(utf8));
        }
    }

    [Fact]
    public void Skip_and_rewinding_work_as_on_Utf8JsonReader()
    {
        var utf8 = """{"a":{"b":[1,{"c":"d"}]},"e":"\u0066"}"""u8.ToArray();
        var reader = new SpanJsonReader(utf8);
        reader.Read();
        reader.Read();
        var start = reader;
        reader.Skip();
        Assert.Equal(JsonTokenType.EndObject, reader.TokenType);
        Assert.Equal(1, reader.CurrentDepth);
        reader.Read();
        Assert.True(reader.ValueTextEquals("e"u8));
        reader = start;
        Assert.True(reader.ValueTextEquals("a"));
        reader.Read();
        Assert.Equal(JsonTokenType.StartObject, reader.TokenType);
    }

    private static List<byte[]> SampleLines(int count)
    {
        var pipeline = PipelineLoader.Load(Repo.Pipeline("shop"));
        return new HistoryGenerator(pipeline).Generate(new GenerationOptions(count, 5) { BadShare = 0.05 }).Select(l => l.Json.ToArray()).ToList();
    }

    /// <summary>JSON's own bytes, a control byte, and bytes that break UTF-8 (a lone continuation, truncated leads, never-valid bytes).</summary>
    private static readonly byte[] Significant = [.. "{}[]\",:\\ \t\r\n0123456789eE.-+tfnu/\u0001"u8, 0x80, 0xBF, 0xC3, 0xE2, 0xF0, 0xC0, 0xFF];

    /// <summary>One to three edits: a byte replaced by or inserted as a JSON-significant one, a byte deleted, the line cut short.</summary>
    private static byte[] Mutate(byte[] line, Random random)
    {
        var bytes = line.ToList();
        for (var edits = random.Next(1, 4); edits > 0 && bytes.Count > 0; edits--)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(4))
            {
                case 0: bytes[at] = Significant[random.Next(Significant.Length)]; break;
                case 1: bytes.Insert(at, Significant[random.Next(Significant.Length)]); break;
                case 2: bytes.RemoveAt(at); break;
                default: bytes.RemoveRange(at, bytes.Count - at); break;
            }
        }
        return [.. bytes];
    }

    /// <summary>Every token as Utf8JsonReader reports it, or null when it refuses the input.</summary>
    private static List<string>? Reference(byte[] utf8)
    {
        var reader = new SystemJsonTokens(new Utf8JsonReader(utf8, Options));
        return Tokens(ref reader);
    }

    private static List<string>? Lean(byte[] utf8)
    {
        var reader = new SpanJsonReader(utf8);
        return Tokens(ref reader);
    }

    private static List<string>? Tokens<R>(ref R reader) where R : IJsonTokens, allows ref struct
    {
        var tokens = new List<string>();
        while (true)
        {
            // Only a read may refuse the input: a value that cannot be read afterwards is the bug this looks for.
            bool more;
            try { more = reader.Read(); }
            catch (JsonException) { return null; }
            if (!more) return tokens;
            tokens.Add(Describe(ref reader));
        }
    }

    private static string Describe<R>(ref R reader) where R : IJsonTokens, allows ref struct
    {
        var text = new StringBuilder($"{reader.TokenType} depth {reader.CurrentDepth} value {Convert.ToHexString(reader.ValueSpan)}");
        switch (reader.TokenType)
        {
            case JsonTokenType.String or JsonTokenType.PropertyName:
                text.Append($" escaped {reader.ValueIsEscaped} raw {Convert.ToHexString(reader.ValueSpan)}");
                string? value;
                try { value = reader.GetString(); }
                catch (InvalidOperationException e) { value = null; text.Append(" text refused: " + e.GetType().Name); }
                if (value is not null)
                {
                    text.Append($" text {value} equals {reader.ValueTextEquals(value)}/{reader.ValueTextEquals(Encoding.UTF8.GetBytes(value))}");
                }
                try { text.Append($" is-id {reader.ValueTextEquals("id")}/{reader.ValueTextEquals("id"u8)}"); }
                catch (InvalidOperationException e) { text.Append(" comparison refused: " + e.GetType().Name); }
                break;
            case JsonTokenType.Number:
                text.Append($" raw {Encoding.ASCII.GetString(reader.ValueSpan)}");
                text.Append(reader.TryGetInt32(out var i) ? $" int {i}" : " no int");
                text.Append(reader.TryGetInt64(out var l) ? $" long {l}" : " no long");
                text.Append(reader.TryGetDecimal(out var m) ? $" decimal {string.Join(',', decimal.GetBits(m))}" : " no decimal");
                text.Append(reader.TryGetDouble(out var d) ? $" double {BitConverter.DoubleToInt64Bits(d)}" : " no double");
                break;
        }
        return text.ToString();
    }
}

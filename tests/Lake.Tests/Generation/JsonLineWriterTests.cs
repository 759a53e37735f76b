using System.Text.Encodings.Web;
using System.Text.Json;
using Lake.Core.Data;
using Lake.Generation;

namespace Lake.Tests.Generation;

/// <summary>The generator's own JSON writer must write exactly what Utf8JsonWriter (relaxed escaping) and JsonDataWriter write.</summary>
public class JsonLineWriterTests
{
    private static byte[] Reference(DataObject o)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            JsonDataWriter.WriteObject(w, o);
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static byte[] Ours(DataObject o)
    {
        var w = new JsonLineWriter();
        w.Object(o);
        return w.Written.ToArray();
    }

    private static readonly string[] Tricky =
    [
        "", "\"", "\\", "\n", "\r\t", "\u0001", "\u001f", "\u007f", "\u0080", "é", "Chloé", "Gdańsk", "Nørregade", "Hauptstraße",
        "😀 emoji", "a\u2028b", "<script>&'+`", "\uFFFD", "日本語", "quote \" inside", "back \\ slash", "tab\tin", "ok-ascii_text 123",
    ];

    [Fact]
    public void Every_printable_ascii_character_and_awkward_strings_are_written_as_Utf8JsonWriter_writes_them()
    {
        var o = new DataObject();
        for (var c = 0; c < 128; c++) o.Set($"c{c}", $"x{(char)c}y");
        for (var i = 0; i < Tricky.Length; i++) o.Set($"t{i}", Tricky[i]);
        o.Set("name with \"quote\"", "v");
        Assert.Equal(Encoding(Reference(o)), Encoding(Ours(o)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Random_nested_data_of_every_value_kind_is_written_byte_for_byte_the_same(int seed)
    {
        var random = new Random(seed);
        for (var n = 0; n < 500; n++)
        {
            var o = RandomObject(random, depth: 0);
            Assert.Equal(Encoding(Reference(o)), Encoding(Ours(o)));
        }
    }

    [Fact]
    public void A_number_JSON_cannot_hold_is_refused_as_Utf8JsonWriter_refuses_it()
    {
        var o = new DataObject();
        o.Set("x", double.NaN);
        Assert.ThrowsAny<ArgumentException>(() => Reference(o));
        Assert.ThrowsAny<ArgumentException>(() => Ours(o));
    }

    private static string Encoding(byte[] bytes) => Convert.ToHexString(bytes) + " " + System.Text.Encoding.UTF8.GetString(bytes);

    private static DataObject RandomObject(Random random, int depth)
    {
        var o = new DataObject();
        for (var i = random.Next(0, 7); i > 0; i--) o.Set("f" + random.Next(20), RandomValue(random, depth));
        return o;
    }

    private static object? RandomValue(Random random, int depth)
    {
        switch (random.Next(depth < 3 ? 13 : 11))
        {
            case 0: return null;
            case 1: return Tricky[random.Next(Tricky.Length)];
            case 2: return random.Next(2) == 0;
            case 3: return new decimal(random.Next(), random.Next(), random.Next(), random.Next(2) == 0, (byte)random.Next(29));
            case 4: return random.Next(4) switch { 0 => -0.0, 1 => double.Epsilon, 2 => random.NextDouble() * 1e300, _ => Math.Round(random.NextDouble() * 1000, 2) };
            case 5: return random.NextInt64(long.MinValue, long.MaxValue);
            case 6: return random.Next(int.MinValue, int.MaxValue);
            case 7: return new DateTime(random.NextInt64(DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks), DateTimeKind.Utc);
            case 8: return new DateTime(2026, 11, 25, 1, 2, 3, 456, DateTimeKind.Utc);
            case 9: return DateOnly.FromDayNumber(random.Next(DateOnly.MaxValue.DayNumber));
            case 10: return "plain-" + random.Next(1000);
            case 11: return RandomObject(random, depth + 1);
            default:
                var list = new List<object?>();
                for (var i = random.Next(0, 4); i > 0; i--) list.Add(RandomValue(random, depth + 1));
                return list;
        }
    }
}

using System.Globalization;
using System.Text;
using System.Text.Json;
using Lake.Core.Schema;
using Lake.Core.Validation;

namespace Lake.Tests.Upcasting;

/// <summary>The fast parse of plain decimal text must give the general parser's decimal bit for bit, or decline.</summary>
public sealed class PlainDecimalTests
{
    private const NumberStyles Styles = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;

    [Theory]
    [InlineData("12.50")]
    [InlineData("-0.005")]
    [InlineData("007.5")]
    [InlineData("999999999999999999")]
    [InlineData("0.00000000000000001")]
    [InlineData("-123456789.123456789")]
    public void Plain_text_parses_to_the_general_parsers_decimal(string text)
    {
        Assert.True(ValueConverter.TryParsePlainDecimal(text, out var fast));
        Assert.Equal(decimal.GetBits(decimal.Parse(text, Styles, CultureInfo.InvariantCulture)), decimal.GetBits(fast));
    }

    [Theory]
    [InlineData("")]
    [InlineData("-")]
    [InlineData(".")]
    [InlineData(".5")]
    [InlineData("5.")]
    [InlineData("+5")]
    [InlineData("1e3")]
    [InlineData("1.2.3")]
    [InlineData("0")]
    [InlineData("-0.00")]
    [InlineData("1234567890123456789")]
    [InlineData(" 5")]
    [InlineData("٣")]
    public void Other_text_is_left_to_the_general_parser(string text)
    {
        Assert.False(ValueConverter.TryParsePlainDecimal(text, out _));
    }

    [Fact]
    public void Random_text_parses_as_the_general_parser_parses_it_or_is_declined()
    {
        var random = new Random(5);
        const string alphabet = "0123456789012345678901234567890123456789.-";
        var accepted = 0;
        for (var n = 0; n < 200_000; n++)
        {
            var text = new string(Enumerable.Range(0, random.Next(0, 23)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
            if (!ValueConverter.TryParsePlainDecimal(text, out var fast)) continue;
            accepted++;
            Assert.True(decimal.TryParse(text, Styles, CultureInfo.InvariantCulture, out var general), text);
            Assert.True(decimal.GetBits(general).SequenceEqual(decimal.GetBits(fast)), $"{text}: {general} vs {fast}");
        }
        Assert.True(accepted > 10_000, $"only {accepted} accepted");
    }

    [Fact]
    public void Json_numbers_parse_as_Utf8JsonReader_reads_them_or_are_declined()
    {
        var random = new Random(7);
        var accepted = 0;
        for (var n = 0; n < 200_000; n++)
        {
            var utf8 = Encoding.ASCII.GetBytes(RandomJsonNumber(random));
            var reader = new Utf8JsonReader(utf8);
            reader.Read();
            if (!ValueConverter.TryParsePlainDecimal<byte>(utf8, out var fast)) continue;
            accepted++;
            Assert.True(reader.TryGetDecimal(out var general), Encoding.ASCII.GetString(utf8));
            Assert.True(decimal.GetBits(general).SequenceEqual(decimal.GetBits(fast)), $"{Encoding.ASCII.GetString(utf8)}: {general} vs {fast}");
        }
        Assert.True(accepted > 50_000, $"only {accepted} accepted");
    }

    [Fact]
    public void A_fitted_json_number_is_the_value_validation_gives_it_or_is_declined()
    {
        var random = new Random(11);
        var accepted = 0;
        for (var n = 0; n < 200_000; n++)
        {
            var text = RandomJsonNumber(random);
            var precision = random.Next(1, FieldType.MaxDecimalPrecision + 1);
            var type = FieldType.Decimal(precision, random.Next(0, precision + 1));
            var utf8 = Encoding.ASCII.GetBytes(text);
            if (!ValueConverter.TryFitPlainDecimal(utf8, type, out var fast)) continue;
            accepted++;
            var reader = new Utf8JsonReader(utf8);
            reader.Read();
            Assert.True(reader.TryGetDecimal(out var number), text);
            Assert.True(ValueConverter.TryConvert(number, type, lenient: false, out var general, out var problem), $"{text} as {type}: {problem}");
            Assert.True(decimal.GetBits((decimal)general!).SequenceEqual(decimal.GetBits((decimal)fast!)), $"{text} as {type}: {general} vs {fast}");
        }
        Assert.True(accepted > 20_000, $"only {accepted} accepted");
    }

    [Theory]
    [InlineData("38.261", 18, 2)]
    [InlineData("100.5", 4, 2)]
    [InlineData("1e2", 18, 2)]
    [InlineData("0.00", 18, 2)]
    [InlineData("-0", 18, 0)]
    public void A_number_with_more_decimals_or_digits_than_its_type_or_not_plain_is_left_to_validation(string text, int precision, int scale)
    {
        Assert.False(ValueConverter.TryFitPlainDecimal(Encoding.ASCII.GetBytes(text), FieldType.Decimal(precision, scale), out _));
    }

    /// <summary>A number by JSON's grammar: sign, integer part without leading zeros, fraction and exponent now and then.</summary>
    private static string RandomJsonNumber(Random random)
    {
        var text = new StringBuilder();
        if (random.Next(4) == 0) text.Append('-');
        var integer = random.Next(0, 21);
        if (integer == 0 || random.Next(5) == 0) text.Append('0');
        else
        {
            text.Append((char)('1' + random.Next(9)));
            for (var i = 1; i < integer; i++) text.Append((char)('0' + random.Next(10)));
        }
        if (random.Next(3) > 0)
        {
            text.Append('.');
            var fraction = random.Next(1, 12);
            for (var i = 0; i < fraction; i++) text.Append((char)('0' + (random.Next(3) == 0 ? 0 : random.Next(10))));
        }
        if (random.Next(20) == 0) text.Append('e').Append(random.Next(-3, 4));
        return text.ToString();
    }
}

using System.Globalization;
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
}

using System.Globalization;
using System.Text;
using Lake.Core.Data;

namespace Lake.Tests.Data;

/// <summary>The timestamp parser against .NET's own ISO 8601 parsing: UTC, offsets applied, fractions truncated to microseconds.</summary>
public sealed class TimestampsTests
{
    [Theory]
    [InlineData("2026-11-20T10:15:00Z", "2026-11-20T10:15:00.0000000Z")]
    [InlineData("2026-11-20T10:15:00.1Z", "2026-11-20T10:15:00.1000000Z")]
    [InlineData("2026-11-20T10:15:00.123Z", "2026-11-20T10:15:00.1230000Z")]
    [InlineData("2026-11-20T10:15:00.123456Z", "2026-11-20T10:15:00.1234560Z")]
    [InlineData("2026-11-20T10:15:00.1234567Z", "2026-11-20T10:15:00.1234560Z")]
    [InlineData("2026-11-20T10:15:00.123456789Z", "2026-11-20T10:15:00.1234560Z")]
    [InlineData("2026-11-20T10:15:00.9999999999+01:00", "2026-11-20T09:15:00.9999990Z")]
    [InlineData("2024-02-29T23:59:59.5-00:30", "2024-03-01T00:29:59.5000000Z")]
    public void Fractions_are_truncated_to_microseconds_and_offsets_applied(string text, string utc)
    {
        Assert.True(Timestamps.TryParseUtc(text, out var parsed));
        Assert.Equal(DateTime.Parse(utc, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind), parsed);
        Assert.Equal(DateTimeKind.Utc, parsed.Kind);
        Assert.True(Timestamps.TryParseUtc(Encoding.UTF8.GetBytes(text), out var fromUtf8));
        Assert.Equal(parsed, fromUtf8);
    }

    [Theory]
    [InlineData("2026-11-20T10:15:00")]
    [InlineData("2026-11-20T10:15:00.Z")]
    [InlineData("2026-11-20T10:15:00.12a3Z")]
    [InlineData("2026-02-30T10:15:00Z")]
    [InlineData("2026-11-20T24:00:00Z")]
    [InlineData("2026-11-20T10:15:00+1:00")]
    [InlineData("2026-11-20 10:15:00ZZ")]
    public void Text_that_is_not_a_timestamp_with_an_offset_is_refused(string text)
    {
        Assert.False(Timestamps.TryParseUtc(text, out _));
        Assert.False(Timestamps.TryParseUtc(Encoding.UTF8.GetBytes(text), out _));
    }

    [Fact]
    public void Random_timestamps_parse_as_DateTimeOffset_parses_them()
    {
        var random = new Random(3);
        for (var n = 0; n < 50_000; n++)
        {
            var instant = new DateTime(random.NextInt64(new DateTime(1, 1, 2).Ticks, new DateTime(9999, 12, 30).Ticks), DateTimeKind.Utc);
            var digits = random.Next(0, 8);
            var fraction = digits == 0 ? "" : "." + (instant.Ticks % TimeSpan.TicksPerSecond).ToString("D7", CultureInfo.InvariantCulture)[..digits];
            var offset = random.Next(3) == 0 ? "Z" : $"{(random.Next(2) == 0 ? '+' : '-')}{random.Next(0, 14):D2}:{random.Next(0, 60):D2}";
            var text = instant.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture) + fraction + offset;

            var expected = DateTimeOffset.Parse(text, CultureInfo.InvariantCulture).UtcTicks;
            expected -= expected % Timestamps.TicksPerMicrosecond;
            Assert.True(Timestamps.TryParseUtc(text, out var parsed), text);
            Assert.Equal(expected, parsed.Ticks);
        }
    }
}

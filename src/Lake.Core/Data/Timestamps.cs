using System.Globalization;
using System.Numerics;

namespace Lake.Core.Data;

/// <summary>Strict ISO 8601 timestamps with an explicit offset, normalised to UTC at microsecond precision.</summary>
/// <remarks>A timestamp without an offset is ambiguous for data spanning zones, so it is rejected rather than guessed.</remarks>
public static class Timestamps
{
    public const long TicksPerMicrosecond = TimeSpan.TicksPerMillisecond / 1000;

    /// <summary>Ticks per unit of the last of n fraction digits (n = 1..6).</summary>
    private static readonly long[] TickScales = [1, 1_000_000, 100_000, 10_000, 1_000, 100, 10];

    /// <summary>Parses UTF-8 text as <see cref="TryParseUtc(ReadOnlySpan{char}, out DateTime)"/> does (any non-ASCII byte fails).</summary>
    public static bool TryParseUtc(ReadOnlySpan<byte> utf8, out DateTime value) => TryParse(utf8, out value);

    /// <summary>Parses <c>yyyy-MM-ddTHH:mm:ss[.f…][Z|±HH:mm]</c>; fractions beyond microseconds are truncated.</summary>
    public static bool TryParseUtc(ReadOnlySpan<char> s, out DateTime value) => TryParse(s, out value);

    /// <summary>One parser for UTF-16 and UTF-8 text; compared as code units, so a non-ASCII unit never matches a digit or separator.</summary>
    private static bool TryParse<T>(ReadOnlySpan<T> s, out DateTime value) where T : unmanaged, IBinaryInteger<T>
    {
        value = default;
        if (s.Length < 20) return false;
        if (!Digits(s, 0, 4, out var year) || At(s, 4) != '-' || !Digits(s, 5, 2, out var month) || At(s, 7) != '-'
            || !Digits(s, 8, 2, out var day) || (At(s, 10) != 'T' && At(s, 10) != 't' && At(s, 10) != ' ')
            || !Digits(s, 11, 2, out var hour) || At(s, 13) != ':' || !Digits(s, 14, 2, out var minute) || At(s, 16) != ':'
            || !Digits(s, 17, 2, out var second))
        {
            return false;
        }

        var pos = 19;
        long fractionTicks = 0;
        if (pos < s.Length && At(s, pos) == '.')
        {
            pos++;
            var start = pos;
            // Ticks are 10^-7 s: the first seven digits count, later ones are truncated (a multiply, not a division per digit).
            while (pos < s.Length && (uint)(At(s, pos) - '0') <= 9)
            {
                if (pos - start < 7) fractionTicks = fractionTicks * 10 + (At(s, pos) - '0');
                pos++;
            }
            if (pos == start) return false;
            if (pos - start < 7) fractionTicks *= TickScales[pos - start];
        }

        if (pos >= s.Length) return false;
        int offsetMinutes;
        if (At(s, pos) is 'Z' or 'z')
        {
            offsetMinutes = 0;
            pos++;
        }
        else if (At(s, pos) is '+' or '-')
        {
            var sign = At(s, pos) == '-' ? -1 : 1;
            if (pos + 6 != s.Length || !Digits(s, pos + 1, 2, out var oh) || At(s, pos + 3) != ':' || !Digits(s, pos + 4, 2, out var om)) return false;
            if (oh > 23 || om > 59) return false;
            offsetMinutes = sign * (oh * 60 + om);
            pos += 6;
        }
        else
        {
            return false;
        }
        if (pos != s.Length) return false;
        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(Math.Max(year, 1), month) || hour > 23 || minute > 59 || second > 59 || year < 1) return false;

        var ticks = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc).Ticks + fractionTicks
                    - offsetMinutes * TimeSpan.TicksPerMinute;
        if (ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks) return false;
        value = new DateTime(ticks - ticks % TicksPerMicrosecond, DateTimeKind.Utc);
        return true;
    }

    public static bool TryParseDate(ReadOnlySpan<char> s, out DateOnly value) =>
        DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out value);

    /// <summary>ISO 8601 UTC with exactly the precision kept: microseconds when present, else milliseconds when present, else seconds.</summary>
    public static string Format(DateTime utc)
    {
        Span<char> buffer = stackalloc char[27];
        return new string(buffer[..Format(utc, buffer, fixedMicros: false)]);
    }

    /// <summary>Formats into <paramref name="dest"/> (27 chars suffice); with <paramref name="fixedMicros"/> always six fraction digits.</summary>
    public static int Format(DateTime utc, Span<char> dest, bool fixedMicros)
    {
        var frac = (int)(utc.Ticks % TimeSpan.TicksPerSecond);
        Put(dest, 0, utc.Year, 4); dest[4] = '-'; Put(dest, 5, utc.Month, 2); dest[7] = '-'; Put(dest, 8, utc.Day, 2);
        dest[10] = 'T'; Put(dest, 11, utc.Hour, 2); dest[13] = ':'; Put(dest, 14, utc.Minute, 2); dest[16] = ':'; Put(dest, 17, utc.Second, 2);
        var n = 19;
        if (fixedMicros || frac != 0)
        {
            dest[n++] = '.';
            if (!fixedMicros && frac % (int)TimeSpan.TicksPerMillisecond == 0) { Put(dest, n, frac / (int)TimeSpan.TicksPerMillisecond, 3); n += 3; }
            else { Put(dest, n, frac / (int)TicksPerMicrosecond, 6); n += 6; }
        }
        dest[n++] = 'Z';
        return n;
    }

    private static void Put(Span<char> dest, int at, int value, int digits)
    {
        for (var i = at + digits - 1; i >= at; i--)
        {
            dest[i] = (char)('0' + value % 10);
            value /= 10;
        }
    }

    /// <summary>The code unit at <paramref name="i"/> as a char; units beyond U+FFFF cannot occur (bytes and UTF-16 units).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static char At<T>(ReadOnlySpan<T> s, int i) where T : unmanaged, IBinaryInteger<T> => (char)ushort.CreateTruncating(s[i]);

    private static bool Digits<T>(ReadOnlySpan<T> s, int start, int count, out int value) where T : unmanaged, IBinaryInteger<T>
    {
        value = 0;
        for (var i = start; i < start + count; i++)
        {
            var d = (uint)(At(s, i) - '0');
            if (d > 9) return false;
            value = value * 10 + (int)d;
        }
        return true;
    }
}

using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;

namespace Lake.Tests.Upcasting;

/// <summary>A generated wire event and what it must become, computed by hand from the catalog's spec.</summary>
internal sealed record Case(string Type, int Version, byte[] Bytes, string ExpectedType, object?[] Expected, WireMeta Meta)
{
    public override string ToString() => $"{Type} v{Version}: {Encoding.UTF8.GetString(Bytes)}";
}

internal sealed record WireMeta(string Id, DateTime OccurredUtc, string OccurredText, string? Producer, string? AggregateId);

/// <summary>A field a producer may leave out, send as JSON null, or send with a value.</summary>
internal readonly record struct Opt<T>(bool Present, T? Value)
{
    public bool IsValue => Present && Value is not null;
}

/// <summary>Small FsCheck generators of valid wire data, written without reference to Lake's upcast operations.</summary>
internal static class Generators
{
    private const string Alphabet = "abcXYZ019 -_.,'\"\\/é日本ü€\n\t";

    public static readonly Gen<string> Text =
        from n in Gen.Choose(0, 12)
        from chars in Gen.ArrayOf(Gen.Elements(Alphabet.ToCharArray()), n)
        select new string(chars);

    public static readonly Gen<string> Id =
        from n in Gen.Choose(1, 8)
        from chars in Gen.ArrayOf(Gen.Elements("abcdef0123456789-".ToCharArray()), n)
        select "x" + new string(chars);

    public static Gen<Opt<T>> Optional<T>(Gen<T> value) => Gen.Frequency(
        (1, Gen.Constant(new Opt<T>(false, default))),
        (1, Gen.Constant(new Opt<T>(true, default))),
        (4, value.Select(v => new Opt<T>(true, v))));

    /// <summary>An amount in cents with its decimal-string rendering (at most two decimals, trailing zeros optional).</summary>
    public static Gen<(long Cents, string Text)> Money(bool negative) =>
        from cents in Gen.Frequency((3, Gen.Choose(0, 100_000)), (1, Gen.Choose(0, int.MaxValue)))
        from neg in negative ? Gen.Elements(true, false) : Gen.Constant(false)
        from style in Gen.Choose(0, 2)
        let signed = neg ? -(long)cents : cents
        select (signed, RenderCents(signed, style));

    public static string RenderCents(long cents, int style)
    {
        var abs = Math.Abs(cents);
        var units = abs / 100;
        var frac = abs % 100;
        var sign = cents < 0 ? "-" : "";
        var text = style switch
        {
            1 when frac % 10 == 0 => $"{units}.{frac / 10}",
            2 when frac == 0 => $"{units}",
            _ => $"{units}.{frac:D2}",
        };
        return sign + text;
    }

    /// <summary>cents / 100 as a decimal, built from the integer so no arithmetic of Lake's is involved.</summary>
    public static decimal CentsToDecimal(long cents) => new((int)(Math.Abs(cents) & 0xFFFFFFFF), (int)(Math.Abs(cents) >> 32), 0, cents < 0, 2);

    /// <summary>A JSON number, or the same amount as a decimal string (both are valid decimals on the wire).</summary>
    public static JsonNode MoneyNode((long Cents, string Text) m, bool asString) =>
        asString ? JsonValue.Create(m.Text) : JsonNode.Parse(m.Text)!;

    public static readonly Gen<WireMeta> Meta =
        from id in Id
        from seconds in Gen.Choose(0, 1_000_000_000)
        from micros in Gen.Choose(0, 999_999)
        from fractionDigits in Gen.Elements(0, 3, 6)
        from offsetQuarterHours in Gen.Choose(-14 * 4, 14 * 4)
        from zulu in Gen.Elements(true, false)
        from producer in Gen.OrNull(Id)
        from aggregate in Gen.OrNull(Id)
        select BuildMeta(id, seconds, micros, fractionDigits, zulu ? 0 : offsetQuarterHours * 15, zulu, producer, aggregate);

    private static WireMeta BuildMeta(string id, int seconds, int micros, int digits, int offsetMinutes, bool zulu, string? producer, string? aggregate)
    {
        var keptMicros = digits switch { 0 => 0, 3 => micros / 1000 * 1000, _ => micros };
        var utc = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(seconds).AddTicks(keptMicros * 10L);
        var local = utc.AddMinutes(offsetMinutes);
        var fraction = digits == 0 ? "" : "." + keptMicros.ToString("D6", CultureInfo.InvariantCulture)[..digits];
        var offset = zulu ? "Z" : (offsetMinutes < 0 ? "-" : "+") + $"{Math.Abs(offsetMinutes) / 60:D2}:{Math.Abs(offsetMinutes) % 60:D2}";
        var text = local.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + fraction + offset;
        return new WireMeta(id, utc, text, producer, aggregate);
    }

    public static Case Build(string type, int version, JsonObject data, string expectedType, object?[] expected, WireMeta meta) =>
        new(type, version, Wire.Envelope(type, version, data, meta.Id, meta.OccurredText, meta.Producer, meta.AggregateId), expectedType, expected, meta);

    public static void Put<T>(JsonObject o, string name, Opt<T> field, Func<T, JsonNode?> node)
    {
        if (!field.Present) return;
        o[name] = field.Value is null ? null : node(field.Value);
    }

    public static void Put(JsonObject o, string name, Opt<string> field) => Put(o, name, field, v => JsonValue.Create(v));
}

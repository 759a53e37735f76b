using System.Globalization;
using Lake.Core.Data;
using Lake.Core.Schema;

namespace Lake.Generation;

/// <summary>Makes plausible field values: from the pipeline's hints when it gives them, else from the field's type and name.</summary>
internal sealed class ValueFactory(GeneratorSettings settings, Prng random)
{
    private static readonly string[] First = ["Ada", "Bob", "Chloé", "Dmitri", "Emma", "Farah", "Gustav", "Hana", "Ines", "João", "Kofi", "Lena", "Mateo", "Noor", "Olga", "Pavel", "Quinn", "Rosa", "Sven", "Tariq", "Uma", "Viktor", "Wei", "Yara", "Zoé"];
    private static readonly string[] Last = ["Martin", "Schmidt", "Rossi", "García", "Nowak", "Dubois", "Okafor", "Tanaka", "Silva", "Jensen", "Kowalski", "Murphy", "Novak", "Haddad", "Berg", "Müller"];
    private static readonly string[] Cities = ["Lyon", "Berlin", "Porto", "Gdańsk", "Utrecht", "Malmö", "Ghent", "Turin", "Brno", "Cork", "Nantes", "Graz"];
    private static readonly string[] Streets = ["Main St", "Rue de la Paix", "Hauptstraße", "Via Roma", "Kings Rd", "Nørregade", "Ulica Długa"];
    private static readonly string[] Words = ["alpha", "bravo", "delta", "echo", "kilo", "lima", "oscar", "sierra", "tango", "zulu"];

    private readonly Dictionary<string, FieldHint?> _hintCache = new(StringComparer.Ordinal);
    private readonly Dictionary<FieldSchema, (string Path, FieldHint? Hint)> _fieldCache = new(ReferenceEqualityComparer.Instance);
    private static readonly FieldType DecimalText = FieldType.Decimal(18, 2);

    /// <summary>Where this factory's objects come from; the generator returns them all after each aggregate's life.</summary>
    public DataObjectPool Objects { get; } = new();

    /// <summary>Data for <paramref name="type"/> at its latest version.</summary>
    public DataObject Make(EventTypeSchema type, AggregateLife life, DateTime occurredAt) =>
        MakeStruct(type.Name, type.Latest.Fields, type.Name, life, occurredAt, topLevel: true);

    public DataObject MakeStruct(string type, FieldSet fields, string path, AggregateLife? life, DateTime occurredAt, bool topLevel = false)
    {
        var data = Objects.Rent(fields.Count);
        for (var i = 0; i < fields.Count; i++)
        {
            var f = fields[i];
            if (topLevel && life is not null && f.Name == life.Spec.KeyField) { data.Set(f.Name, life.Id); continue; }
            if (!_fieldCache.TryGetValue(f, out var cached))
            {
                var p = path + "." + f.Name;
                _fieldCache[f] = cached = (p, Hint(type, p));
            }
            var (fieldPath, hint) = cached;
            if (hint is null && !f.Required && random.NextDouble() < (f.Type.Kind == FieldKind.Struct ? 0.1 : 0.05)) continue;
            data.Set(f.Name, MakeValue(type, f, fieldPath, hint, life, occurredAt, data));
        }
        return data;
    }

    private FieldHint? Hint(string type, string fieldPath)
    {
        if (_hintCache.TryGetValue(fieldPath, out var cached)) return cached;
        var local = fieldPath[(type.Length + 1)..];
        var hint = FieldHint.Read(settings.Values.GetValueOrDefault(fieldPath) ?? settings.Values.GetValueOrDefault("*." + local));
        _hintCache[fieldPath] = hint;
        return hint;
    }

    private object? MakeValue(string type, FieldSchema f, string path, FieldHint? hint, AggregateLife? life, DateTime occurredAt, DataObject siblings)
    {
        if (hint is null) return MakeByType(type, f.Type, f.Name, path, occurredAt, null);
        if (hint.Choices is { } choices) return Coerce(choices[random.Next(choices.Count)], f.Type);
        // Before the first referenced aggregate exists, point at the first one, which is created next.
        if (hint.Reference is { } aggregate) return life?.Refs(aggregate) is { Count: > 0 } ids ? ids[random.Next(ids.Count)] : life?.FirstIdOf(aggregate);
        if (hint.CopySource is not null)
        {
            object? copied = null;
            if (life is not null)
            {
                var (copyType, copyField) = hint.CopyFrom();
                copied = life.Earlier(copyType, copyField);
            }
            if (copied is decimal m && hint.MinorUnits is not null) return (long)decimal.Round(m * hint.MinorUnitsFactor(), 0, MidpointRounding.AwayFromZero);
            return copied is null ? MakeByType(type, f.Type, f.Name, path, occurredAt, null) : Coerce(copied, f.Type);
        }
        if (hint.SumList is { } list)
        {
            var sum = 0m;
            if (siblings[list] is List<object?> items)
            {
                foreach (var element in items)
                {
                    if (element is DataObject item)
                        sum += Convert.ToDecimal(item[hint.SumQuantity!] ?? 0m, CultureInfo.InvariantCulture) * Convert.ToDecimal(item[hint.SumPrice!] ?? 0m, CultureInfo.InvariantCulture);
                }
            }
            return Coerce(sum, f.Type);
        }
        return MakeByType(type, f.Type, f.Name, path, occurredAt, hint);
    }

    private object? MakeByType(string type, FieldType t, string name, string path, DateTime occurredAt, FieldHint? hint)
    {
        switch (t.Kind)
        {
            case FieldKind.Struct:
                return MakeStruct(type, t.StructFields!, path, null, occurredAt);
            case FieldKind.List:
                var (lo, hi) = hint?.Count ?? (0, 3);
                var n = random.Next((int)lo, (int)hi + 1);
                var list = new List<object?>(n);
                var elementPath = path + "[]";
                for (var i = 0; i < n; i++)
                {
                    list.Add(t.Element!.Kind == FieldKind.Struct
                        ? MakeStruct(type, t.Element.StructFields!, elementPath, null, occurredAt)
                        : MakeByType(type, t.Element, name, elementPath, occurredAt, null));
                }
                return list;
            case FieldKind.Bool: return random.Next(2) == 0;
            case FieldKind.Int32: { var (a, b) = hint?.Int ?? (1, 100); return random.Next((int)a, (int)b + 1); }
            case FieldKind.Int64: { var (a, b) = hint?.Int ?? (1, 1_000_000); return random.NextInt64((long)a, (long)b + 1); }
            case FieldKind.Double: { var (a, b) = hint?.Decimal ?? (0, 1000); return Math.Round((double)a + random.NextDouble() * (double)(b - a), 2); }
            case FieldKind.Decimal:
            {
                var (a, b) = hint?.Decimal ?? (0, 1000);
                var scale = Math.Min(t.Scale, 4);
                var units = (long)Math.Pow(10, scale);
                var v = (decimal)random.NextInt64((long)(a * units), (long)(b * units) + 1) / units;
                return Coerce(v, t);
            }
            case FieldKind.Timestamp: return occurredAt.AddMinutes(-random.Next(0, 60 * 24 * 30));
            case FieldKind.Date: return DateOnly.FromDateTime(occurredAt.AddDays(-random.Next(0, 365)));
            case FieldKind.Enum: return t.EnumValues[random.Next(t.EnumValues.Count)];
            default:
                if (hint?.HasDecimalKey == true) return Convert.ToString(MakeByType(type, DecimalText, name, path, occurredAt, hint), CultureInfo.InvariantCulture);
                return MakeString(name);
        }
    }

    /// <summary>What a string field's name says it holds; read once per name, in the order the checks were made per value.</summary>
    private enum StringKind { Email, Name, City, PostalCode, Street, Sku, Tracking, Currency, Id, Word }

    private static readonly string[] FirstLower = First.Select(n => n.ToLowerInvariant()).ToArray();
    private static readonly string[] LastLower = Last.Select(n => n.ToLowerInvariant()).ToArray();
    private readonly Dictionary<string, StringKind> _stringKinds = new(ReferenceEqualityComparer.Instance);
    /// <summary>"First Last" for each pair, made when first drawn.</summary>
    private readonly string?[] _fullNames = new string?[First.Length * Last.Length];

    private static StringKind KindOf(string name)
    {
        if (name.Contains("email")) return StringKind.Email;
        if (name.Contains("name")) return StringKind.Name;
        if (name.Contains("city")) return StringKind.City;
        if (name.Contains("zip") || name.Contains("postal")) return StringKind.PostalCode;
        if (name.Contains("line1") || name.Contains("street")) return StringKind.Street;
        if (name.Contains("sku")) return StringKind.Sku;
        if (name.Contains("tracking")) return StringKind.Tracking;
        if (name.Contains("currency")) return StringKind.Currency;
        if (name.EndsWith("_id", StringComparison.Ordinal)) return StringKind.Id;
        return StringKind.Word;
    }

    private string MakeString(string name)
    {
        if (!_stringKinds.TryGetValue(name, out var kind))
        {
            kind = KindOf(name);
            if (_stringKinds.Count < 10_000) _stringKinds[name] = kind;
        }
        switch (kind)
        {
            case StringKind.Email:
            {
                var first = FirstLower[random.Next(First.Length)];
                var last = LastLower[random.Next(Last.Length)];
                return string.Create(CultureInfo.InvariantCulture, $"{first}.{last}{random.Next(1000)}@example.com");
            }
            case StringKind.Name:
            {
                var i = random.Next(First.Length);
                var j = random.Next(Last.Length);
                return _fullNames[i * Last.Length + j] ??= First[i] + " " + Last[j];
            }
            case StringKind.City: return Cities[random.Next(Cities.Length)];
            case StringKind.PostalCode: return random.Next(10000, 99999).ToString(CultureInfo.InvariantCulture);
            case StringKind.Street: return $"{random.Next(1, 200)} {Streets[random.Next(Streets.Length)]}";
            case StringKind.Sku: return $"SKU-{random.Next(1, 5000):D5}";
            case StringKind.Tracking: return $"TRK{random.NextInt64(100_000_000, 999_999_999)}";
            case StringKind.Currency: return "EUR";
            case StringKind.Id: return $"{name[..^3]}-{random.Next(1, 1_000_000):D6}";
            default: return Words[random.Next(Words.Length)];
        }
    }

    private static object? Coerce(object? value, FieldType type)
    {
        if (value is null) return null;
        if (type.Kind == FieldKind.Decimal && value is decimal d) return decimal.Round(d, type.Scale) + 0m;
        if (type.Kind == FieldKind.Double && value is decimal dd) return (double)dd;
        if (type.Kind == FieldKind.String && value is not string) return Convert.ToString(value, CultureInfo.InvariantCulture);
        if (type.Kind is FieldKind.Int32 && value is decimal i) return (int)i;
        if (type.Kind is FieldKind.Int64 && value is decimal l) return (long)l;
        return value;
    }
}

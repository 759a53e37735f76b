using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace Lake.Core.Data;

/// <summary>Reads JSON objects and arrays into <see cref="DataObject"/> trees; JSON numbers become decimal (double when out of range).</summary>
public static class JsonDataReader
{
    public static DataObject ReadObject(ref Utf8JsonReader reader)
    {
        // Caller has the reader on StartObject.
        var obj = new DataObject();
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.EndObject) return obj;
            var interned = !reader.ValueIsEscaped && !reader.HasValueSequence && reader.ValueSpan.Length <= 64;
            var name = Utf8Strings.Get(ref reader);
            reader.Read();
            if (interned) obj.SetInterned(name, ReadValue(ref reader));
            else obj.Set(name, ReadValue(ref reader));
        }
        throw new JsonException("unexpected end of JSON inside an object");
    }

    public static object? ReadValue(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.Number => ReadNumber(ref reader),
        JsonTokenType.True => True,
        JsonTokenType.False => False,
        JsonTokenType.Null => null,
        JsonTokenType.StartObject => ReadObject(ref reader),
        JsonTokenType.StartArray => ReadArray(ref reader),
        _ => throw new JsonException($"unexpected JSON token {reader.TokenType}"),
    };

    private static readonly object True = true;
    private static readonly object False = false;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static object ReadNumber(ref Utf8JsonReader reader)
    {
        if (reader.TryGetDecimal(out var d)) return Boxes.Decimal(d);
        return reader.GetDouble();
    }

    private static List<object?> ReadArray(ref Utf8JsonReader reader)
    {
        var list = new List<object?>();
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.EndArray) return list;
            list.Add(ReadValue(ref reader));
        }
        throw new JsonException("unexpected end of JSON inside an array");
    }

    /// <summary>
    /// Reuses strings for short values that repeat in every event (property names, type and producer names), per thread.
    /// New names are interned, and so are catalog field names, so field lookups mostly succeed on reference equality.
    /// </summary>
    internal static class Utf8Strings
    {
        private const int Slots = 1024;
        [ThreadStatic] private static (byte[] Utf8, string Name)[]? _table;

        public static string Get(ref Utf8JsonReader reader)
        {
            if (reader.ValueIsEscaped || reader.HasValueSequence || reader.ValueSpan.Length > 64) return reader.GetString()!;
            var span = reader.ValueSpan;
            var table = _table ??= new (byte[], string)[Slots];
            var slot = (int)((uint)Hash(span) % Slots);
            var entry = table[slot];
            if (entry.Utf8 is not null && span.SequenceEqual(entry.Utf8)) return entry.Name;
            var name = string.Intern(Encoding.UTF8.GetString(span));
            table[slot] = (span.ToArray(), name);
            return name;
        }

        private static int Hash(ReadOnlySpan<byte> span)
        {
            var h = 2166136261u;
            foreach (var b in span) h = (h ^ b) * 16777619u;
            return (int)h;
        }
    }
}

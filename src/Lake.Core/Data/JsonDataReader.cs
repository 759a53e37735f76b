using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace Lake.Core.Data;

/// <summary>Reads JSON objects and arrays into <see cref="DataObject"/> trees; JSON numbers become decimal (double when out of range).</summary>
public static class JsonDataReader
{
    /// <summary>
    /// Entries of the objects being read, innermost last: each object is read here and copied out at its exact size, so a
    /// three-field object costs three entries, not a default capacity.
    /// </summary>
    private sealed class Scratch
    {
        public DataObject.Entry[] Entries = new DataObject.Entry[64];
        public int Top;
    }

    [ThreadStatic] private static Scratch? _scratch;

    public static DataObject ReadObject(ref Utf8JsonReader reader)
    {
        var tokens = new SystemJsonTokens(reader);
        try { return ReadObject(ref tokens); }
        finally { reader = tokens.Reader; }
    }

    public static object? ReadValue(ref Utf8JsonReader reader)
    {
        var tokens = new SystemJsonTokens(reader);
        try { return ReadValue(ref tokens); }
        finally { reader = tokens.Reader; }
    }

    internal static DataObject ReadObject<R>(ref R reader) where R : IJsonTokens, allows ref struct
    {
        // Caller has the reader on StartObject.
        var scratch = _scratch ??= new Scratch();
        var start = scratch.Top;
        try
        {
            // Names read by the decoder are interned, so a repeated key is found by reference; a name that was not
            // (escaped or long) switches this object to comparing text.
            var compareText = false;
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.EndObject) return Pop(scratch, start);
                var interned = !reader.ValueIsEscaped && !reader.HasValueSequence && reader.ValueSpan.Length <= 64;
                compareText |= !interned;
                var name = Utf8Strings.Get(ref reader);
                reader.Read();
                var value = ReadValue(ref reader);
                var entries = scratch.Entries;
                var top = scratch.Top;
                var at = Find(entries, start, top, name, compareText);
                if (at >= 0) { entries[at].Value = value; continue; }
                if (top == entries.Length) Array.Resize(ref scratch.Entries, entries.Length * 2);
                scratch.Entries[top].Name = name;
                scratch.Entries[top].Value = value;
                scratch.Top = top + 1;
            }
        }
        catch
        {
            Abandon(scratch, start);
            throw;
        }
        Abandon(scratch, start);
        throw new JsonException("unexpected end of JSON inside an object");
    }

    private static int Find(DataObject.Entry[] entries, int start, int top, string name, bool compareText)
    {
        for (var i = start; i < top; i++)
        {
            if (ReferenceEquals(entries[i].Name, name) || (compareText && string.Equals(entries[i].Name, name, StringComparison.Ordinal))) return i;
        }
        return -1;
    }

    private static void Abandon(Scratch scratch, int start)
    {
        Array.Clear(scratch.Entries, start, scratch.Top - start);
        scratch.Top = start;
    }

    private static DataObject Pop(Scratch scratch, int start)
    {
        var count = scratch.Top - start;
        var entries = new DataObject.Entry[Math.Max(count, 1)];
        if (count > 0)
        {
            Array.Copy(scratch.Entries, start, entries, 0, count);
            Array.Clear(scratch.Entries, start, count);
        }
        scratch.Top = start;
        return new DataObject(entries, count);
    }

    internal static object? ReadValue<R>(ref R reader) where R : IJsonTokens, allows ref struct => reader.TokenType switch
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
    private static object ReadNumber<R>(ref R reader) where R : IJsonTokens, allows ref struct
    {
        // A plain amount's digits give the parser's decimal bit for bit, at a fraction of its cost.
        if (!reader.HasValueSequence && Validation.ValueConverter.TryParsePlainDecimal(reader.ValueSpan, out var d)) return Boxes.Decimal(d);
        if (reader.TryGetDecimal(out d)) return Boxes.Decimal(d);
        return reader.GetDouble();
    }

    private static List<object?> ReadArray<R>(ref R reader) where R : IJsonTokens, allows ref struct
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

        public static string Get<R>(ref R reader) where R : IJsonTokens, allows ref struct
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

        /// <summary>Length and the first and last (up to) eight bytes: enough to tell names apart, without a loop over every byte.</summary>
        private static int Hash(ReadOnlySpan<byte> span)
        {
            ulong head, tail;
            if (span.Length >= 8)
            {
                head = BinaryPrimitives.ReadUInt64LittleEndian(span);
                tail = BinaryPrimitives.ReadUInt64LittleEndian(span[^8..]);
            }
            else
            {
                head = 0;
                foreach (var b in span) head = (head << 8) | b;
                tail = 0;
            }
            var h = (head * 0x9E3779B97F4A7C15UL) ^ (tail * 0xC2B2AE3D27D4EB4FUL) ^ (ulong)span.Length;
            return (int)(h ^ (h >> 29));
        }
    }
}

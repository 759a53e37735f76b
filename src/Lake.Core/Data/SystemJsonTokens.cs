using System.Text.Json;

namespace Lake.Core.Data;

/// <summary><see cref="Utf8JsonReader"/> as <see cref="IJsonTokens"/>: the reader of record, whose errors are the messages Lake reports.</summary>
internal ref struct SystemJsonTokens(Utf8JsonReader reader) : IJsonTokens
{
    public Utf8JsonReader Reader = reader;

    public bool Read() => Reader.Read();
    public readonly JsonTokenType TokenType => Reader.TokenType;
    public readonly ReadOnlySpan<byte> ValueSpan => Reader.ValueSpan;
    public readonly bool ValueIsEscaped => Reader.ValueIsEscaped;
    public readonly bool HasValueSequence => Reader.HasValueSequence;
    public readonly int CurrentDepth => Reader.CurrentDepth;
    public readonly bool ValueTextEquals(ReadOnlySpan<byte> utf8Text) => Reader.ValueTextEquals(utf8Text);
    public readonly bool ValueTextEquals(string text) => Reader.ValueTextEquals(text);
    public readonly string? GetString() => Reader.GetString();
    public readonly bool TryGetInt32(out int value) => Reader.TryGetInt32(out value);
    public readonly bool TryGetInt64(out long value) => Reader.TryGetInt64(out value);
    public readonly bool TryGetDecimal(out decimal value) => Reader.TryGetDecimal(out value);
    public readonly bool TryGetDouble(out double value) => Reader.TryGetDouble(out value);
    public readonly double GetDouble() => Reader.GetDouble();
    public void Skip() => Reader.Skip();
}

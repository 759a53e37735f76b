using System.Text.Json;

namespace Lake.Core.Data;

/// <summary>
/// The part of <see cref="Utf8JsonReader"/>'s surface the decoders use, so they run over either it or
/// <see cref="SpanJsonReader"/>; members mean exactly what they mean on <see cref="Utf8JsonReader"/>.
/// </summary>
internal interface IJsonTokens
{
    bool Read();
    JsonTokenType TokenType { get; }
    ReadOnlySpan<byte> ValueSpan { get; }
    bool ValueIsEscaped { get; }
    bool HasValueSequence { get; }
    int CurrentDepth { get; }
    bool ValueTextEquals(ReadOnlySpan<byte> utf8Text);
    bool ValueTextEquals(string text);
    string? GetString();
    bool TryGetInt32(out int value);
    bool TryGetInt64(out long value);
    bool TryGetDecimal(out decimal value);
    bool TryGetDouble(out double value);
    double GetDouble();
    void Skip();
}

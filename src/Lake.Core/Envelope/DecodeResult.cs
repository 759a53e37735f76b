namespace Lake.Core.Envelope;

/// <summary>Either a decoded envelope, or why the bytes are not an event (with the type and version when they could be read).</summary>
public readonly struct DecodeResult
{
    private DecodeResult(EventEnvelope? envelope, string? error, string? type, int? version)
    {
        Envelope = envelope;
        Error = error;
        Type = type;
        Version = version;
    }

    public EventEnvelope? Envelope { get; }
    public string? Error { get; }
    public string? Type { get; }
    public int? Version { get; }
    public bool IsSuccess => Envelope is not null;

    public static DecodeResult Ok(EventEnvelope envelope) => new(envelope, null, envelope.Type, envelope.Version);
    public static DecodeResult Malformed(string error, string? type = null, int? version = null) => new(null, error, type, version);
}

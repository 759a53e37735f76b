namespace Lake.Core.Upcasting;

/// <summary>
/// What became of one input event: curated events at the latest version (usually one; a C# upcaster may make zero or several),
/// or a quarantine verdict. Also the fields the catalog did not know, so producers learn what it lacks.
/// </summary>
public readonly struct UpcastResult
{
    private static readonly CuratedEvent[] None = [];

    private UpcastResult(CuratedEvent[] events, UpcastError? error, string? type, int? version, IReadOnlyList<string>? unknown)
    {
        _events = events;
        Error = error;
        ReceivedType = type;
        ReceivedVersion = version;
        UnknownFields = unknown;
    }

    private readonly CuratedEvent[]? _events;

    /// <summary>The curated events (none when quarantined, and for a default value).</summary>
    public IReadOnlyList<CuratedEvent> Events => _events ?? None;
    public UpcastError? Error { get; }
    public bool IsQuarantined => Error is not null;
    /// <summary>The type as received, when it could be read.</summary>
    public string? ReceivedType { get; }
    public int? ReceivedVersion { get; }
    /// <summary>Paths of fields the catalog does not declare for the received version (null when none).</summary>
    public IReadOnlyList<string>? UnknownFields { get; }

    public static UpcastResult Curated(CuratedEvent[] events, string type, int version, IReadOnlyList<string>? unknown) =>
        new(events, null, type, version, unknown);

    public static UpcastResult Quarantined(UpcastError error, string? type, int? version, IReadOnlyList<string>? unknown = null) =>
        new(None, error, type, version, unknown);
}

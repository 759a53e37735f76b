namespace Lake.Core.Upcasting;

/// <summary>
/// What became of one input event: curated events at the latest version (usually one; a C# upcaster may make zero or several),
/// or a quarantine verdict. Also the fields the catalog did not know, so producers learn what it lacks.
/// </summary>
public readonly struct UpcastResult
{
    private UpcastResult(CuratedEvents events, UpcastError? error, string? type, int? version, IReadOnlyList<string>? unknown)
    {
        Events = events;
        Error = error;
        ReceivedType = type;
        ReceivedVersion = version;
        UnknownFields = unknown;
    }

    /// <summary>The curated events (none when quarantined, and for a default value).</summary>
    public CuratedEvents Events { get; }
    public UpcastError? Error { get; }
    public bool IsQuarantined => Error is not null;
    /// <summary>The type as received, when it could be read.</summary>
    public string? ReceivedType { get; }
    public int? ReceivedVersion { get; }
    /// <summary>Paths of fields the catalog does not declare for the received version (null when none).</summary>
    public IReadOnlyList<string>? UnknownFields { get; }

    public static UpcastResult Curated(CuratedEvent[] events, string type, int version, IReadOnlyList<string>? unknown) =>
        new(new CuratedEvents(events), null, type, version, unknown);

    /// <summary>The common case: one event, held without an array.</summary>
    public static UpcastResult Curated(CuratedEvent single, string type, int version, IReadOnlyList<string>? unknown) =>
        new(new CuratedEvents(single), null, type, version, unknown);

    public static UpcastResult Quarantined(UpcastError error, string? type, int? version, IReadOnlyList<string>? unknown = null) =>
        new(default, error, type, version, unknown);
}

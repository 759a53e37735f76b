namespace Lake.Core.Upcasting;

/// <summary>
/// What became of one input event: curated events at the latest version (usually one; a C# upcaster may make zero or several),
/// or a quarantine verdict. Also the fields the catalog did not know, so producers learn what it lacks.
/// </summary>
/// <remarks>The list interface is <see cref="Events"/> for a single event, so the common case allocates no array.</remarks>
public sealed class UpcastResult : IReadOnlyList<CuratedEvent>
{
    private static readonly CuratedEvent[] None = [];

    private readonly CuratedEvent? _single;

    private UpcastResult(CuratedEvent[] events, CuratedEvent? single, UpcastError? error, string? type, int? version, IReadOnlyList<string>? unknown)
    {
        _single = single;
        // One event, the common case, needs no array: the result is itself that one-element list.
        Events = single is null ? events : this;
        Error = error;
        ReceivedType = type;
        ReceivedVersion = version;
        UnknownFields = unknown;
    }

    public IReadOnlyList<CuratedEvent> Events { get; }
    public UpcastError? Error { get; }
    public bool IsQuarantined => Error is not null;
    /// <summary>The type as received, when it could be read.</summary>
    public string? ReceivedType { get; }
    public int? ReceivedVersion { get; }
    /// <summary>Paths of fields the catalog does not declare for the received version (null when none).</summary>
    public IReadOnlyList<string>? UnknownFields { get; }

    public static UpcastResult Curated(CuratedEvent[] events, string type, int version, IReadOnlyList<string>? unknown) =>
        new(events, null, null, type, version, unknown);

    public static UpcastResult Curated(CuratedEvent single, string type, int version, IReadOnlyList<string>? unknown) =>
        new(None, single, null, type, version, unknown);

    public static UpcastResult Quarantined(UpcastError error, string? type, int? version, IReadOnlyList<string>? unknown = null) =>
        new(None, null, error, type, version, unknown);

    CuratedEvent IReadOnlyList<CuratedEvent>.this[int index] => index == 0 && _single is { } e ? e : throw new ArgumentOutOfRangeException(nameof(index));

    int IReadOnlyCollection<CuratedEvent>.Count => _single is null ? 0 : 1;

    IEnumerator<CuratedEvent> IEnumerable<CuratedEvent>.GetEnumerator()
    {
        if (_single is { } e) yield return e;
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => ((IEnumerable<CuratedEvent>)this).GetEnumerator();
}

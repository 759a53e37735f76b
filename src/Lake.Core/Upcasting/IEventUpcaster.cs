namespace Lake.Core.Upcasting;

/// <summary>
/// A C# upcaster for a step the declarative operations cannot express. It turns one event of <see cref="EventType"/> at
/// <see cref="FromVersion"/> into zero, one or several events, each at a later version (or of another type); upcasting continues
/// from there. Pipelines declare these in <c>.cs</c> files in their folder; Lake compiles and registers them.
/// </summary>
public interface IEventUpcaster
{
    string EventType { get; }
    int FromVersion { get; }

    /// <summary>Throw <see cref="EventRejectedException"/> to quarantine with a reason; any other exception quarantines as <c>upcaster_failed</c>.</summary>
    IEnumerable<EventDraft> Upcast(EventDraft draft);
}

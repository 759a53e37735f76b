namespace Lake.Core.Upcasting;

/// <summary>Thrown by a C# upcaster to quarantine an event with a specific reason; any other exception means <c>upcaster_failed</c>.</summary>
public sealed class EventRejectedException(QuarantineReason reason, string message) : Exception(message)
{
    public QuarantineReason Reason { get; } = reason;
}

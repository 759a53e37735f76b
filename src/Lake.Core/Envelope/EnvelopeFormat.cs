namespace Lake.Core.Envelope;

/// <summary>Which wire format an event arrived in.</summary>
public enum EnvelopeFormat
{
    /// <summary>Lake's default: <c>{"metadata": {...}, "data": {...}}</c>.</summary>
    Lake,
    /// <summary>CloudEvents 1.0 structured JSON, the version in the <c>dataversion</c> extension.</summary>
    CloudEvents,
}

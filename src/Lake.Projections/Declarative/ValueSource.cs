using Lake.Projections.Reading;

namespace Lake.Projections.Declarative;

/// <summary>Where an operation's value comes from: an event path (field, <c>struct.field</c> or envelope column) or a constant.</summary>
internal sealed record ValueSource(string? Path, object? Constant)
{
    private readonly int _id = Path is null ? -1 : EventPaths.Id(Path);

    public object? Read(ProjectionEvent e) => Path is null ? Constant : e.Read(_id, Path);

    /// <summary>True when the value is the event's occurred_at, which the fold reads without boxing.</summary>
    public bool IsOccurredAt { get; } = Path == Lake.Core.Envelope.EnvelopeColumns.OccurredAt;

    public override string ToString() => Path ?? "constant " + Constant;
}

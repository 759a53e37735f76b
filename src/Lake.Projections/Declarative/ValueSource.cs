namespace Lake.Projections.Declarative;

/// <summary>Where an operation's value comes from: an event path (field, <c>struct.field</c> or envelope column) or a constant.</summary>
internal sealed record ValueSource(string? Path, object? Constant)
{
    public object? Read(ProjectionEvent e) => Path is null ? Constant : e[Path];

    public override string ToString() => Path ?? "constant " + Constant;
}

namespace Lake.Core.Upcasting;

/// <summary>Which step of which type an operation runs in, for error messages.</summary>
public readonly record struct UpcastStep(string EventType, int FromVersion)
{
    public override string ToString() => $"{EventType} v{FromVersion}->v{FromVersion + 1}";
}

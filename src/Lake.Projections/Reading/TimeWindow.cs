namespace Lake.Projections.Reading;

/// <summary>Which events a fold takes: after <see cref="After"/> (exclusive, a checkpoint's as-of) up to <see cref="AsOf"/> in event time, recorded up to <see cref="KnownAt"/>.</summary>
public readonly record struct TimeWindow(DateTime? After, DateTime AsOf, DateTime? KnownAt)
{
    public long AfterTicks => After?.Ticks ?? long.MinValue;
    public long AsOfTicks => AsOf.Ticks;
    public long KnownAtTicks => KnownAt?.Ticks ?? long.MaxValue;
    public DateOnly FirstDay => After is { } a ? DateOnly.FromDateTime(a) : DateOnly.MinValue;
    public DateOnly LastDay => DateOnly.FromDateTime(AsOf);
}

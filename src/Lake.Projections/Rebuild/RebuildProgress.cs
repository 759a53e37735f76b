namespace Lake.Projections.Rebuild;

/// <summary>Reported after each dt partition is folded: the pass (1 unless memory forced several), the day, and running counts.</summary>
public readonly record struct RebuildProgress(DateOnly Day, int DaysDone, int DaysTotal, long EventsRead, long EventsApplied, int Keys, int Pass = 1);

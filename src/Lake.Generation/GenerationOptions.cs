namespace Lake.Generation;

/// <summary>What to generate: how many events, from which seed, and the share of deliberately bad ones.</summary>
public sealed record GenerationOptions(long Events, int Seed)
{
    /// <summary>Share of bad events, spread over every quarantine kind the pipeline can produce (0.1% by default).</summary>
    public double BadShare { get; init; } = 0.001;
    /// <summary>Share of events re-sent later with the same id (0.5% by default).</summary>
    public double DuplicateShare { get; init; } = 0.005;
    /// <summary>Share of events recorded late, up to <see cref="MaxLateness"/> after they occurred.</summary>
    public double LateShare { get; init; } = 0.02;
    public TimeSpan MaxLateness { get; init; } = TimeSpan.FromDays(3);
    /// <summary>Threads that generate aggregates' lives; 0 means one per core, up to 4. The history does not depend on it.</summary>
    public int Workers { get; init; }
    /// <summary>Days of event time the history spans, instead of the pipeline's <c>generator.days</c> (null keeps it).</summary>
    public int? Days { get; init; }
}

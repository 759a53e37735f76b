namespace Lake.Serve.Jobs;

/// <summary>
/// A unit of lake work that <c>lake serve</c> runs under Hangfire (queued, retried, scheduled) and <c>lake jobs</c> runs inline.
/// Implementations must be idempotent: a retry or a second run after success leaves the lake as one run would.
/// </summary>
public interface ILakeJob
{
    /// <summary>The name used by <c>lake jobs enqueue</c>, schedules and the dashboard, e.g. <c>kafka-backfill</c>.</summary>
    string Name { get; }

    /// <summary>One line for <c>lake jobs --help</c> and errors.</summary>
    string Description { get; }

    /// <summary>Does the work; throws to fail (Hangfire retries with backoff); returns a one-line result. Stops early when <paramref name="ct"/> is cancelled.</summary>
    string Run(LakeJobContext context, CancellationToken ct);
}

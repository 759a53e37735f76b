using Lake.Pipelines;
using Lake.Serve.Metrics;
using Lake.Storage;

namespace Lake.Serve.Jobs;

/// <summary>What a running job is given: the pipeline and lake it works on, its arguments, and where to report progress.</summary>
public sealed class LakeJobContext
{
    public required PipelineDefinition Pipeline { get; init; }
    /// <summary>The lake folder.</summary>
    public required string Lake { get; init; }
    public required ILakeStore Store { get; init; }
    public required JobArgs Args { get; init; }
    /// <summary>Kafka bootstrap servers of the server (or of <c>lake jobs --bootstrap</c>); null when none was given.</summary>
    public string? BootstrapServers { get; init; }
    /// <summary>Kafka consumer session timeout for jobs that consume.</summary>
    public int SessionTimeoutMs { get; init; } = 10_000;
    /// <summary>Progress lines: the dashboard's job parameter "progress" under Hangfire, stderr inline.</summary>
    public required Action<string> Progress { get; init; }
    /// <summary>Where jobs that ingest report what they wrote; null when inline (no /metrics).</summary>
    public LakeMetrics? Metrics { get; init; }
    /// <summary>Topics the server's continuous ingestion consumes: a backfill must not compete with it for the same partitions.</summary>
    public IReadOnlyCollection<string> IngestedContinuously { get; init; } = [];
    /// <summary>
    /// Stores another job (name, arguments, delay) for whichever server is free and returns its id; null when the job runs inline
    /// (<c>lake jobs enqueue</c> without <c>--storage</c>), where a job that would split its work does it itself.
    /// </summary>
    public Func<string, IReadOnlyDictionary<string, string>, TimeSpan, string>? Enqueue { get; init; }
}

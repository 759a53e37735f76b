using Lake.Pipelines;
using Lake.Serve.Metrics;
using Lake.Storage;

namespace Lake.Serve.Jobs;

/// <summary>What every job run on this server (or inline) shares: the pipeline, the lake, Kafka, metrics and the log.</summary>
public sealed class JobEnvironment
{
    public required PipelineDefinition Pipeline { get; init; }
    public required string Lake { get; init; }
    public string? BootstrapServers { get; init; }
    public int SessionTimeoutMs { get; init; } = 10_000;
    public LakeMetrics? Metrics { get; init; }
    public IReadOnlyCollection<string> IngestedContinuously { get; init; } = [];
    public Action<string> Log { get; init; } = _ => { };

    public LakeJobContext Context(IReadOnlyDictionary<string, string> args, Action<string> progress,
        Func<string, IReadOnlyDictionary<string, string>, TimeSpan, string>? enqueue = null) => new()
    {
        Pipeline = Pipeline,
        Lake = Lake,
        Store = new LocalFolderStore(Lake),
        Args = new JobArgs(args),
        BootstrapServers = BootstrapServers,
        SessionTimeoutMs = SessionTimeoutMs,
        Progress = progress,
        Metrics = Metrics,
        IngestedContinuously = IngestedContinuously,
        Enqueue = enqueue,
    };
}

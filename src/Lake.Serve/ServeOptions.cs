using Lake.Pipelines;

namespace Lake.Serve;

/// <summary>What <c>lake serve</c> runs: the pipeline and lake, the Kafka ingestion, the job storage, the HTTP endpoints.</summary>
public sealed record ServeOptions
{
    public required PipelineDefinition Pipeline { get; init; }
    /// <summary>The lake folder.</summary>
    public required string Lake { get; init; }
    /// <summary>Kafka bootstrap servers; without them there is no continuous ingestion and Kafka jobs fail.</summary>
    public string? BootstrapServers { get; init; }
    /// <summary>The continuous ingestion's consumer group (default <c>lake-&lt;pipeline&gt;</c>).</summary>
    public string? GroupId { get; init; }
    /// <summary>Run the pipeline's topics continuously as a hosted service (when there are topics and a bootstrap).</summary>
    public bool Ingest { get; init; } = true;
    /// <summary><c>memory</c> or a PostgreSQL connection string.</summary>
    public string Storage { get; init; } = "memory";
    /// <summary>Where Kestrel listens; loopback by default so nothing is exposed by accident.</summary>
    public IReadOnlyList<string> Urls { get; init; } = ["http://127.0.0.1:5080"];
    public string? DashboardUser { get; init; }
    public string? DashboardPassword { get; init; }
    /// <summary>How often Hangfire looks for due schedules and (on PostgreSQL) new jobs; tests use 1 s.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(15);
    public int Workers { get; init; } = 4;
    /// <summary>PostgreSQL storage: a job whose server died is run again by another server after this long.</summary>
    public TimeSpan AbandonedJobTimeout { get; init; } = TimeSpan.FromMinutes(5);
    /// <summary>Kafka consumer session timeout of the ingestion and of Kafka jobs.</summary>
    public int SessionTimeoutMs { get; init; } = 10_000;
    public TimeSpan MaxLatency { get; init; } = TimeSpan.FromSeconds(60);
    /// <summary>Delays between automatic retries of a failed job; its length is the number of retries.</summary>
    public IReadOnlyList<int> RetryDelaysSeconds { get; init; } = [10, 60, 300, 900, 3600];
    /// <summary>Lines for the operator (ingestion notes, job progress); never credentials.</summary>
    public Action<string> Log { get; init; } = line => Console.Error.WriteLine("lake: " + line);
}

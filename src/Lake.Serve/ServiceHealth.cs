namespace Lake.Serve;

/// <summary>What /healthz reports: null fields are healthy, others hold the problem.</summary>
public sealed class ServiceHealth
{
    /// <summary>Set while the continuous ingestion is failing and waiting to start again.</summary>
    public volatile string? Ingestion;
}

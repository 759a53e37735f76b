using Lake.Ingest;

namespace Lake.Kafka;

/// <summary>How a Kafka ingest consumes: the group, the latency bound, the optional time range and dead-letter topic.</summary>
public sealed record KafkaIngestOptions
{
    public required string BootstrapServers { get; init; }
    public required string GroupId { get; init; }
    public required IReadOnlyList<string> Topics { get; init; }
    /// <summary>Open files are committed at the latest this long after their first record, even if small.</summary>
    public TimeSpan MaxLatency { get; init; } = TimeSpan.FromSeconds(60);
    /// <summary>Stop once every assigned partition reached the end seen when it was assigned and all is committed.</summary>
    public bool UntilIdle { get; init; }
    /// <summary>For partitions the lake has no history of: start at the first record at or after this time.</summary>
    public DateTime? From { get; init; }
    /// <summary>Stop each partition before its first record at or after this time.</summary>
    public DateTime? To { get; init; }
    /// <summary>Records that go to quarantine are also sent here, with reason and coordinates in headers.</summary>
    public string? DeadLetterTopic { get; init; }
    public int SessionTimeoutMs { get; init; } = 10_000;
    /// <summary>Static group membership (KIP-345): a restarted member with the same id takes its partitions back without waiting for its old session to expire.</summary>
    public string? GroupInstanceId { get; init; }
    public int MaxPollIntervalMs { get; init; } = 300_000;
    /// <summary>"classic" (cooperative-sticky assignment) or "consumer" (KIP-848).</summary>
    public string GroupProtocol { get; init; } = "classic";
    /// <summary>This member's name in the lake's claims; unique per process by default.</summary>
    public string Writer { get; init; } = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}";
    public IngestOptions Ingest { get; init; } = new();
    /// <summary>Threads that ingest the assigned partitions side by side, each partition on one; 0 means one per core, up to 4.</summary>
    public int Lanes { get; init; }
}

using Lake.Ingest;
using Lake.Kafka;

namespace Lake.Serve.Jobs;

/// <summary>
/// <c>kafka-backfill</c>: consumes topics' records in [from, to) into the lake, then stops. Idempotent through the lake's commit
/// log: a partition resumes where the lake's history of it ends, so a second run reads nothing it already committed.
/// </summary>
public sealed class KafkaBackfillJob : ILakeJob
{
    public string Name => "kafka-backfill";
    public string Description => "topics=<t1,t2> (default: the pipeline's) [from=<time>] [to=<time>] [group=<id>]: consume [from, to) into the lake, then stop";

    public string Run(LakeJobContext context, CancellationToken ct)
    {
        var bootstrap = context.BootstrapServers ?? throw new JobArgumentException("kafka-backfill needs Kafka: start the server (or lake jobs) with --bootstrap");
        var topics = context.Args.List("topics") is { Count: > 0 } listed ? listed : [.. context.Pipeline.Topics.Keys];
        if (topics.Count == 0) throw new JobArgumentException($"pipeline '{context.Pipeline.Name}' declares no topics; pass topics=<t1,t2>");
        // Two members claiming the same lake partitions fence each other: the continuous ingestion already keeps these current.
        if (topics.Intersect(context.IngestedContinuously).ToList() is { Count: > 0 } both)
            throw new JobArgumentException($"topic(s) {string.Join(", ", both)} are ingested continuously by this server; backfill topics it does not consume");
        var now = DateTime.UtcNow;
        var from = context.Args.Time("from", now);
        var to = context.Args.Time("to", now);
        // Its own group: the backfill's offsets must not move the continuous ingestion's, and vice versa.
        var group = context.Args.Get("group") ?? $"lake-{context.Pipeline.Name}-backfill-{string.Join("+", topics)}";
        var options = new KafkaIngestOptions
        {
            BootstrapServers = bootstrap,
            GroupId = group,
            Topics = topics,
            From = from,
            To = to,
            UntilIdle = true,
            MaxLatency = TimeSpan.FromSeconds(10),
            SessionTimeoutMs = context.SessionTimeoutMs,
            Ingest = new IngestOptions { PipelineDirectory = context.Pipeline.Directory },
        };
        var metrics = context.Metrics?.Track();
        context.Progress($"kafka-backfill {string.Join(",", topics)} [{from?.ToString("O") ?? "start"}, {to?.ToString("O") ?? "end"}) group {group}");
        var ingestor = new KafkaIngestor(context.Pipeline.Catalog, context.Store, options)
        {
            Log = context.Progress,
            Progress = n => context.Progress($"{n:N0} records read"),
            Committed = metrics is null ? null : metrics.Committed,
            Flushed = metrics is null ? null : metrics.Flushed,
            LagObserved = metrics is null ? null : metrics.Lag,
        };
        IngestSummary summary;
        try
        {
            summary = ingestor.Run(ct);
        }
        finally
        {
            metrics?.Ended();
        }
        metrics?.Report(summary.Snapshot());
        ct.ThrowIfCancellationRequested();
        if (summary.Errors.Count > 0) throw new InvalidOperationException("kafka-backfill: " + string.Join("; ", summary.Errors));
        return $"{summary.Records:N0} records read, {summary.Curated:N0} events curated, {summary.Quarantined:N0} quarantined, {summary.FilesWritten:N0} files in {summary.Elapsed.TotalSeconds:F1} s";
    }
}

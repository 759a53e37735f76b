using Lake.Ingest;
using Lake.Kafka;
using Lake.Serve.Metrics;
using Lake.Storage;
using Microsoft.Extensions.Hosting;

namespace Lake.Serve;

/// <summary>
/// The pipeline's topics ingested continuously as a consumer-group member. Host shutdown cancels the run, which commits what
/// it holds and leaves the group. A run that fails (e.g. the lake's disk) is started again after a growing pause.
/// </summary>
public sealed class IngestionService(ServeOptions options, LakeMetrics metrics, ServiceHealth health) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        // librdkafka's consume loop blocks: it gets its own thread rather than a pool thread.
        Task.Factory.StartNew(() => RunUntilStopped(stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void RunUntilStopped(CancellationToken stop)
    {
        var pause = TimeSpan.FromSeconds(1);
        while (!stop.IsCancellationRequested)
        {
            var tracked = metrics.Track();
            var kafka = new KafkaIngestOptions
            {
                BootstrapServers = options.BootstrapServers!,
                GroupId = options.GroupId ?? "lake-" + options.Pipeline.Name,
                Topics = [.. options.Pipeline.Topics.Keys],
                MaxLatency = options.MaxLatency,
                SessionTimeoutMs = options.SessionTimeoutMs,
                Ingest = new IngestOptions { PipelineDirectory = options.Pipeline.Directory },
            };
            var ingestor = new KafkaIngestor(options.Pipeline.Catalog, new LocalFolderStore(options.Lake), kafka)
            {
                Log = options.Log,
                Committed = tracked.Committed,
                Flushed = tracked.Flushed,
                LagObserved = tracked.Lag,
            };
            try
            {
                options.Log($"ingesting {string.Join(", ", kafka.Topics)} in group {kafka.GroupId}");
                health.Ingestion = null;
                var summary = ingestor.Run(stop);
                tracked.Report(summary.Snapshot());
                options.Log($"ingestion stopped: {summary.Records:N0} records, {summary.Curated:N0} events, {summary.Commits:N0} commits");
                return;
            }
            catch (Exception e) when (!stop.IsCancellationRequested)
            {
                health.Ingestion = $"ingestion failed: {e.Message}";
                options.Log($"ingestion failed: {e.Message}; starting again in {pause.TotalSeconds:F0} s");
            }
            finally
            {
                tracked.Ended();
            }
            stop.WaitHandle.WaitOne(pause);
            pause = TimeSpan.FromSeconds(Math.Min(pause.TotalSeconds * 2, 60));
        }
    }
}

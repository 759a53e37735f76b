using System.Globalization;
using Prometheus;

namespace Lake.Serve.Metrics;

/// <summary>
/// The service's Prometheus metrics, in a registry of their own (not prometheus-net's static default) so that two hosts in
/// one process, as in tests, do not add to each other's counts.
/// </summary>
public sealed class LakeMetrics
{
    public LakeMetrics()
    {
        Registry = Prometheus.Metrics.NewCustomRegistry();
        var f = Prometheus.Metrics.WithCustomRegistry(Registry);
        EventsIn = f.CreateCounter("lake_events_in_total", "Curated events ingested, by event type and the version they arrived in.", "type", "version");
        Quarantined = f.CreateCounter("lake_quarantined_total", "Records sent to quarantine, by reason.", "reason");
        RecordsRead = f.CreateCounter("lake_records_read_total", "Source records read (every one lands in raw).");
        FilesWritten = f.CreateCounter("lake_files_written_total", "Parquet files committed to the lake.");
        BytesWritten = f.CreateCounter("lake_bytes_written_total", "Bytes of Parquet files committed to the lake.");
        Commits = f.CreateCounter("lake_commits_total", "Commit records written to the lake's commit log.");
        CommitSeconds = f.CreateHistogram("lake_commit_seconds", "Time to commit one partition's range: write the open files, the commit record, and publish.",
            new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.005, 2, 14) });
        ConsumerLag = f.CreateGauge("lake_consumer_lag", "Records the lake is behind a Kafka partition: high watermark minus the next offset the lake expects; shown once the partition has been fetched since its assignment.", "topic", "partition");
        FlushAgeSeconds = f.CreateHistogram("lake_flush_age_seconds", "How long a committed range's first record waited for its commit: the data latency max_latency bounds.",
            new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.05, 2, 14) });
        JobSeconds = f.CreateHistogram("lake_job_duration_seconds", "Job run time, by job and outcome (succeeded, failed, cancelled).",
            new HistogramConfiguration { LabelNames = ["job", "outcome"], Buckets = Histogram.ExponentialBuckets(0.1, 3, 12) });
        JobFailures = f.CreateCounter("lake_job_failures_total", "Job runs that failed (each retry counts).", "job");
    }

    public CollectorRegistry Registry { get; }
    public Counter EventsIn { get; }
    public Counter Quarantined { get; }
    public Counter RecordsRead { get; }
    public Counter FilesWritten { get; }
    public Counter BytesWritten { get; }
    public Counter Commits { get; }
    public Histogram CommitSeconds { get; }
    public Histogram FlushAgeSeconds { get; }
    public Gauge ConsumerLag { get; }
    public Histogram JobSeconds { get; }
    public Counter JobFailures { get; }

    /// <summary>A tracker for one ingest run: it adds what the run did since its previous report.</summary>
    public IngestMetrics Track() => new(this);

    internal static string Label(int n) => n.ToString(CultureInfo.InvariantCulture);

    /// <summary>The registry in Prometheus text format.</summary>
    public async Task WriteAsync(Stream output, CancellationToken ct) => await Registry.CollectAndExportAsTextAsync(output, ct);
}

using Lake.Ingest;
using Lake.Kafka;

namespace Lake.Serve.Metrics;

/// <summary>
/// Turns one ingest run's running totals into counter increments: each report adds only the difference to the previous one,
/// so reporting the same totals twice (after the last commit and again at the end) counts nothing twice.
/// </summary>
public sealed class IngestMetrics
{
    private readonly LakeMetrics _metrics;
    private readonly object _gate = new();
    private IngestCounts _last = new(0, 0, 0, 0, 0, 0, new Dictionary<(string, int), long>(), new Dictionary<string, long>());
    private readonly HashSet<(string Topic, int Partition)> _lagged = [];

    internal IngestMetrics(LakeMetrics metrics) => _metrics = metrics;

    public void Committed(TimeSpan latency, IngestCounts counts)
    {
        _metrics.CommitSeconds.Observe(latency.TotalSeconds);
        Report(counts);
    }

    public void Flushed(TimeSpan age) => _metrics.FlushAgeSeconds.Observe(age.TotalSeconds);

    public void Report(IngestCounts counts)
    {
        lock (_gate)
        {
            _metrics.RecordsRead.Inc(counts.Records - _last.Records);
            _metrics.FilesWritten.Inc(counts.FilesWritten - _last.FilesWritten);
            _metrics.BytesWritten.Inc(counts.BytesWritten - _last.BytesWritten);
            _metrics.Commits.Inc(counts.Commits - _last.Commits);
            foreach (var ((type, version), n) in counts.Events)
            {
                var delta = n - _last.Events.GetValueOrDefault((type, version));
                if (delta > 0) _metrics.EventsIn.WithLabels(type, LakeMetrics.Label(version)).Inc(delta);
            }
            foreach (var (reason, n) in counts.QuarantinedByReason)
            {
                var delta = n - _last.QuarantinedByReason.GetValueOrDefault(reason);
                if (delta > 0) _metrics.Quarantined.WithLabels(reason).Inc(delta);
            }
            _last = counts;
        }
    }

    /// <summary>Sets the lag of the partitions this run holds and drops the series of partitions it no longer holds.</summary>
    public void Lag(IReadOnlyList<PartitionLag> lags)
    {
        lock (_gate)
        {
            var now = lags.Select(l => (l.Topic, l.Partition)).ToHashSet();
            foreach (var gone in _lagged.Where(p => !now.Contains(p)).ToList())
            {
                _metrics.ConsumerLag.RemoveLabelled(gone.Topic, LakeMetrics.Label(gone.Partition));
                _lagged.Remove(gone);
            }
            foreach (var l in lags)
            {
                _metrics.ConsumerLag.WithLabels(l.Topic, LakeMetrics.Label(l.Partition)).Set(l.Lag);
                _lagged.Add((l.Topic, l.Partition));
            }
        }
    }

    /// <summary>The run ended: its partitions' lag series go, another member or run reports them now.</summary>
    public void Ended() => Lag([]);
}

using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using Lake.Core.Catalog;
using Lake.Ingest;
using Lake.Storage;

namespace Lake.Kafka;

/// <summary>
/// A consumer-group member that ingests topics into the lake exactly once. The lake's commit log is the source of truth for
/// where each partition resumes; Kafka offsets are committed after it, for lag monitoring only. Each assigned partition is
/// claimed in the lake (fencing the previous owner), recovered, and resumed from the end of its valid history.
/// </summary>
public sealed class KafkaIngestor
{
    private readonly EventCatalog _catalog;
    private readonly ILakeStore _store;
    private readonly KafkaIngestOptions _options;
    private readonly Dictionary<TopicPartition, PartitionState> _partitions = [];
    private readonly List<IngestLane> _lanes = [];
    // Seeks by time are binary searches over the broker made inside the assignment callback: a partition assigned again after
    // a rebalance reuses its answer rather than holding up the callback again.
    private readonly Dictionary<(TopicPartition, DateTime), long> _seeks = [];
    /// <summary>Kafka offsets to commit, queued by the lanes after their lake commits; only the consuming thread talks to Kafka.</summary>
    private readonly System.Collections.Concurrent.ConcurrentQueue<TopicPartitionOffset> _offsets = new();
    /// <summary>Serialises the <see cref="Committed"/> and <see cref="Flushed"/> callbacks, so running totals never go backwards.</summary>
    private readonly object _reportGate = new();
    /// <summary>Held while <see cref="BeforeCommit"/> runs: the consuming thread waits too, as a whole process would when paused.</summary>
    private readonly object _pauseGate = new();
    private CommitLog _log = null!;
    /// <summary>The error of a revoke's commit, so leaving the group reports it as itself rather than as a Kafka failure.</summary>
    private Exception? _revokeFailure;
    private IConsumer<byte[]?, byte[]?> _consumer = null!;
    private DeadLetters? _deadLetters;
    private bool _assignedOnce;
    /// <summary>Partitions were lost and the member has not been given an assignment since: it is rejoining, not idle.</summary>
    private bool _rejoining;

    public KafkaIngestor(EventCatalog catalog, ILakeStore store, KafkaIngestOptions options)
    {
        _catalog = catalog;
        _store = store;
        _options = options;
    }

    /// <summary>Warnings and notes (fencing, retention gaps, Kafka errors), one line each.</summary>
    public Action<string>? Log { get; init; }
    /// <summary>Reports progress: records read so far.</summary>
    public Action<long>? Progress { get; init; }
    /// <summary>After each lake commit of a partition's range, one call at a time, on the lane that committed it or on the consuming thread (revokes, the end): how long the commit took and the running totals.</summary>
    public Action<TimeSpan, IngestCounts>? Committed { get; init; }
    /// <summary>After each lake commit: how long the range's first record waited for it (what <see cref="KafkaIngestOptions.MaxLatency"/> bounds).</summary>
    public Action<TimeSpan>? Flushed { get; init; }
    /// <summary>About once a second, on the consuming thread: the lag of every assigned partition (from the client's cached watermarks, no broker round trip).</summary>
    public Action<IReadOnlyList<PartitionLag>>? LagObserved { get; init; }
    /// <summary>Called just before a partition's range is committed to the lake (tests pause a member here).</summary>
    internal Action<TopicPartition>? BeforeCommit { get; init; }
    /// <summary>Called on a lane after a record is buffered and before its range is extended to it (tests fail a lane here).</summary>
    internal Action<TopicPartitionOffset>? AfterAdd { get; init; }
    /// <summary>Records the consuming thread treats as never delivered (tests stand in for transaction markers, which the dev broker does not write).</summary>
    internal Func<TopicPartitionOffset, bool>? Withheld { get; init; }

    /// <summary>The lake source name of a topic.</summary>
    public static string SourceOf(string topic) => LakePaths.SanitizeSource(topic);

    public IngestSummary Run(CancellationToken ct = default)
    {
        var clock = Stopwatch.StartNew();
        _log = new CommitLog(_store);
        using var failed = new CancellationTokenSource();
        // One lane per core (up to 4): each decodes, upcasts and commits its own partitions, under a share of the memory budget
        // and one bound on the files being written.
        var lanes = _options.Lanes > 0 ? _options.Lanes : Math.Clamp(Environment.ProcessorCount, 1, 4);
        _lanes.Clear();
        _partitions.Clear();
        _offsets.Clear();
        _seeks.Clear();
        _assignedOnce = _rejoining = false;
        _revokeFailure = null;
        var laneOptions = _options.Ingest with { MemoryBudgetBytes = Math.Max(1, _options.Ingest.MemoryBudgetBytes / lanes) };
        var first = new LakeWriter(_catalog, _store, laneOptions, new IngestSummary());
        for (var i = 0; i < lanes; i++)
        {
            _lanes.Add(new IngestLane(i, i == 0 ? first : first.Sibling(laneOptions, new IngestSummary()), Handle, CommitDue, failed));
        }
        if (_options.Ingest.PipelineDirectory is { } dir) CatalogSnapshot.SaveAsync(_store, dir, _catalog.Fingerprint, ct).GetAwaiter().GetResult();
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(ConsumerConfig())
            .SetPartitionsAssignedHandler((_, assigned) => Assigned(assigned))
            .SetPartitionsRevokedHandler((_, revoked) => Revoked(revoked))
            .SetPartitionsLostHandler((_, lost) => Lost(lost))
            .SetErrorHandler((_, e) => Log?.Invoke($"kafka: {e.Reason} ({e.Code})"))
            .SetLogHandler((_, _) => { })
            .Build();
        _consumer = consumer;
        using var deadLetters = _options.DeadLetterTopic is { } topic ? new DeadLetters(_options.BootstrapServers, topic) : null;
        _deadLetters = deadLetters;
        consumer.Subscribe(_options.Topics);
        var read = 0L;
        var lastProgress = 0L;
        var lastLag = 0L;
        var lastIdleCheck = 0L;
        var stopped = false;
        var completed = false;
        foreach (var lane in _lanes) lane.Start();
        try
        {
            while (!ct.IsCancellationRequested)
            {
                if (failed.IsCancellationRequested) ThrowIfLaneFailed();
                if (BeforeCommit is not null) lock (_pauseGate) { }
                ConsumeResult<byte[]?, byte[]?>? record;
                try
                {
                    record = consumer.Consume(TimeSpan.FromMilliseconds(100));
                }
                catch (ConsumeException e) when (!e.Error.IsFatal)
                {
                    Log?.Invoke($"kafka: consume failed ({e.Error.Reason}); retrying");
                    continue;
                }
                if (record is not null && _partitions.TryGetValue(record.TopicPartition, out var state))
                {
                    state.Fetched = true;
                    if (record.IsPartitionEOF)
                    {
                        // Queued behind the partition's records: the lane learns where the partition ends once it has them all.
                        // An end reached under an earlier assignment never shows here: librdkafka drops fetch events of a
                        // fetch version an assign has replaced.
                        if (record.Offset.Value >= state.End) state.Lane.Enqueue(state, record);
                    }
                    else if (record.Message is not null && !(Withheld?.Invoke(record.TopicPartitionOffset) ?? false))
                    {
                        read++;
                        state.Lane.Enqueue(state, record);
                    }
                }
                if (!_offsets.IsEmpty) CommitOffsets();
                if (LagObserved is not null && Stopwatch.GetElapsedTime(lastLag) >= TimeSpan.FromSeconds(1))
                {
                    lastLag = Stopwatch.GetTimestamp();
                    ReportLag();
                }
                if (Progress is not null && read - lastProgress >= 100_000) Progress(lastProgress = read);
                if (_options.UntilIdle && Stopwatch.GetElapsedTime(lastIdleCheck) >= IngestLane.DueCheck)
                {
                    lastIdleCheck = Stopwatch.GetTimestamp();
                    if (Idle())
                    {
                        Log?.Invoke($"idle: {read:N0} records, every assigned partition caught up and committed");
                        break;
                    }
                }
            }
            // Leaving the group: the lanes finish what they hold, what is open is committed, then the partitions are released.
            foreach (var lane in _lanes) lane.Complete();
            stopped = true;
            ThrowIfLaneFailed();
            foreach (var state in _partitions.Values.ToList()) CommitPartition(state);
            CommitOffsets();
            if (LagObserved is not null) ReportLag();
            completed = true;
        }
        catch (LaneFailedException)
        {
            // A lane stopped on an error while this thread waited for it: its error is what went wrong.
            ThrowIfLaneFailed();
            throw;
        }
        finally
        {
            if (!stopped) foreach (var lane in _lanes) lane.Stop();
            Exception? closing = null;
            // Leaving the group revokes what is still assigned: the healthy ranges are committed, a failed one was abandoned.
            try { consumer.Close(); }
            catch (Exception) when (_revokeFailure is not null)
            {
                closing = _revokeFailure;
                Log?.Invoke($"leaving the group: committing a revoked partition failed: {_revokeFailure.Message}");
            }
            catch (KafkaException e) { Log?.Invoke($"kafka: leaving the group failed ({e.Error.Reason}); the group moves the partitions after the session timeout"); }
            catch (Exception e) { closing = e; Log?.Invoke($"leaving the group: {e.Message}"); }
            foreach (var state in _partitions.Values) { state.Unit.Abandon(); state.Unit.Close(); }
            _partitions.Clear();
            // Raised only when nothing else is: an ingest that failed already reports its own error.
            if (completed && closing is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(closing).Throw();
        }
        var summary = new IngestSummary();
        foreach (var lane in _lanes) summary.Absorb(lane.Writer.Summary);
        summary.Publish();
        summary.Elapsed = clock.Elapsed;
        return summary;
    }

    private void ThrowIfLaneFailed()
    {
        if (_lanes.Select(l => l.Error).FirstOrDefault(e => e is not null) is { } error)
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(error).Throw();
    }

    /// <summary>
    /// Commits the Kafka offsets the lanes queued after their lake commits, the newest per partition, in one request: only of
    /// partitions this member still owns, or is revoking (<paramref name="revoking"/>); a lost partition's would move its new
    /// owner's offset back.
    /// </summary>
    private void CommitOffsets(IReadOnlyCollection<TopicPartition>? revoking = null)
    {
        var newest = new Dictionary<TopicPartition, TopicPartitionOffset>();
        while (_offsets.TryDequeue(out var o))
        {
            var owned = _partitions.TryGetValue(o.TopicPartition, out var state) && !state.Lost;
            if (!owned && revoking?.Contains(o.TopicPartition) != true) continue;
            if (!newest.TryGetValue(o.TopicPartition, out var seen) || seen.Offset.Value < o.Offset.Value) newest[o.TopicPartition] = o;
        }
        if (newest.Count == 0) return;
        try
        {
            _consumer.Commit(newest.Values.ToList());
        }
        catch (KafkaException e)
        {
            // Only lag monitoring reads Kafka's offsets; the lake's commit log decides where ingestion resumes.
            Log?.Invoke($"{string.Join(", ", newest.Keys)}: Kafka offset commit failed ({e.Error.Reason}); the lake commit stands");
        }
    }

    internal ConsumerConfig ConsumerConfig()
    {
        var config = new ConsumerConfig
        {
            BootstrapServers = _options.BootstrapServers,
            GroupId = _options.GroupId,
            ClientId = "lake-" + _options.Writer,
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            // End-of-partition events tell the lag report that this assignment has fetched a partition with nothing to read,
            // and end a partition whose last offsets deliver no record (see ReachedEnd).
            EnablePartitionEof = true,
            // A poison value can be large; librdkafka grows its fetch buffer to the record size anyway.
            FetchMaxBytes = 64 << 20,
            MaxPartitionFetchBytes = 8 << 20,
            // librdkafka postpones a partition's next fetch by this much once the local queue is over its thresholds; at the
            // default 1,000 ms a member that drains the queue in less ran dry for 0.4-0.5 s of every 1.1 s (1M records: 10.3 s
            // -> 7.6-7.9 s with 50 ms, docs/BENCHMARKS.md). 50 ms keeps the queue fed without polling the broker in a loop.
            FetchQueueBackoffMs = 50,
            GroupInstanceId = _options.GroupInstanceId,
        };
        if (_options.GroupProtocol == "consumer")
        {
            config.GroupProtocol = GroupProtocol.Consumer;
        }
        else
        {
            config.PartitionAssignmentStrategy = PartitionAssignmentStrategy.CooperativeSticky;
            config.SessionTimeoutMs = _options.SessionTimeoutMs;
            // librdkafka's heartbeat is 3 s whatever the session timeout: with a short timeout (3 s) one late heartbeat lost the
            // member its partitions. A third of the timeout, as Kafka's documentation advises, capped at the default.
            config.HeartbeatIntervalMs = Math.Clamp(_options.SessionTimeoutMs / 3, 100, 3000);
            config.MaxPollIntervalMs = _options.MaxPollIntervalMs;
        }
        return config;
    }

    private IEnumerable<TopicPartitionOffset> Assigned(List<TopicPartition> assigned)
    {
        _assignedOnce = true;
        _rejoining = false;
        if (assigned.Count == 0) return [];
        var claimed = new List<(TopicPartition Partition, PartitionLease Lease, PartitionHistory History, long Low, long End)>();
        var bounds = assigned.Select(tp => (Partition: tp, Watermarks: Watermarks(tp))).ToList();
        var starts = _options.From is { } from ? Seek(bounds, from) : null;
        var ends = _options.To is { } to ? Seek(bounds, to) : null;
        foreach (var (tp, (low, high)) in bounds)
        {
            var startAt = starts?[tp] ?? low;
            var end = ends?[tp] ?? (_options.UntilIdle ? high : long.MaxValue);
            var (lease, history) = _log.ClaimAsync(SourceOf(tp.Topic), tp.Partition.Value, _options.Writer, startAt).GetAwaiter().GetResult();
            claimed.Add((tp, lease, history, low, end));
        }
        var recovery = LakeRecovery.RecoverAsync(_log, claimed.Select(c => c.History).ToList()).GetAwaiter().GetResult();
        if (recovery.Removed.Count + recovery.InvalidRecordsRemoved > 0)
            Log?.Invoke($"recovery: removed {recovery.Removed.Count} uncommitted file(s) and {recovery.InvalidRecordsRemoved} fenced record(s) of {claimed.Count} partition(s)");
        var offsets = new List<TopicPartitionOffset>();
        foreach (var (tp, lease, _, low, end) in claimed)
        {
            if (lease.ResumeFrom < low) Log?.Invoke($"{tp}: the lake resumes at offset {lease.ResumeFrom} but Kafka kept only offsets from {low} (retention): offsets {lease.ResumeFrom}..{low - 1} are lost");
            // The lane with the fewest partitions takes it; its records are queued there only after this returns.
            var lane = _lanes.MinBy(l => l.States.Count)!;
            // Under the gate: opening a unit registers it with the lane's memory budget, which the lane walks when it spills.
            lock (lane.Gate)
            {
                var state = new PartitionState(tp, lane.Writer.Open(lease), lease.ResumeFrom, end) { Lane = lane };
                lane.States.Add(state);
                _partitions[tp] = state;
            }
            offsets.Add(new TopicPartitionOffset(tp, new Offset(lease.ResumeFrom)));
        }
        Log?.Invoke("assigned " + Describe(offsets));
        return offsets;
    }

    /// <summary>Partitions and where they resume, runs of neighbours at the same offset merged: "shop.orders [0-63]@0".</summary>
    internal static string Describe(IEnumerable<TopicPartitionOffset> offsets)
    {
        var parts = new List<string>();
        foreach (var topic in offsets.GroupBy(o => o.Topic, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var runs = new List<string>();
            var sorted = topic.OrderBy(o => o.Partition.Value).ToList();
            for (var i = 0; i < sorted.Count;)
            {
                var j = i;
                while (j + 1 < sorted.Count && sorted[j + 1].Partition.Value == sorted[j].Partition.Value + 1 && sorted[j + 1].Offset == sorted[i].Offset) j++;
                var range = i == j ? $"{sorted[i].Partition.Value}" : $"{sorted[i].Partition.Value}-{sorted[j].Partition.Value}";
                runs.Add($"[{range}]@{sorted[i].Offset.Value}");
                i = j + 1;
            }
            parts.Add($"{topic.Key} {string.Join(" ", runs)}");
        }
        return string.Join(", ", parts);
    }

    private (long Low, long High) Watermarks(TopicPartition tp)
    {
        var w = _consumer.QueryWatermarkOffsets(tp, TimeSpan.FromSeconds(10));
        return (w.Low.Value, w.High.Value);
    }

    private void Revoked(List<TopicPartitionOffset> revoked)
    {
        // Before the revoke returns, each partition's open range is either committed or abandoned: never half of it. Its lane
        // first handles the records already queued, then stands still while this thread commits.
        // A commit that fails does not stop the others: every revoked range is committed or abandoned, then the first error is raised.
        Exception? failure = null;
        foreach (var (lane, states) in Release(revoked, lost: false))
        {
            lock (lane.Gate)
            {
                foreach (var state in states)
                {
                    try { CommitPartition(state); }
                    catch (Exception e) { failure ??= e; }
                    state.Unit.Abandon();
                    state.Unit.Close();
                }
            }
        }
        CommitOffsets(revoked.Select(r => r.TopicPartition).ToList());
        if (failure is not null)
        {
            _revokeFailure = failure;
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
        }
    }

    private void Lost(List<TopicPartitionOffset> lost)
    {
        // Lost means another member may already own them: nothing may be committed, so the open ranges are dropped.
        _rejoining = true;
        foreach (var (lane, states) in Release(lost, lost: true))
        {
            lock (lane.Gate)
            {
                foreach (var state in states)
                {
                    Log?.Invoke($"{state.Partition}: partition lost (session expired); {state.Unit.Count} uncommitted record(s) abandoned");
                    state.Unit.Abandon();
                    state.Unit.Close();
                }
            }
        }
        // Drops the offsets the lanes queued for them: the partition may be assigned back before the next commit of offsets.
        CommitOffsets();
    }

    /// <summary>
    /// Takes partitions away from this member and their lanes, once every lane involved has handled what was queued before
    /// (all drained before any is removed: a lane failing meanwhile leaves every state to the final abandon). A lost
    /// partition is marked first, so its lane skips its queued records and commits nothing more of it.
    /// </summary>
    private List<(IngestLane Lane, List<PartitionState> States)> Release(List<TopicPartitionOffset> partitions, bool lost)
    {
        var groups = partitions.Select(p => _partitions.GetValueOrDefault(p.TopicPartition)).OfType<PartitionState>().GroupBy(s => s.Lane).ToList();
        if (lost) foreach (var state in groups.SelectMany(g => g)) state.Lost = true;
        foreach (var group in groups) group.Key.Drain();
        var released = new List<(IngestLane, List<PartitionState>)>();
        foreach (var group in groups)
        {
            var lane = group.Key;
            lock (lane.Gate)
            {
                foreach (var state in group)
                {
                    _partitions.Remove(state.Partition);
                    lane.States.Remove(state);
                }
            }
            released.Add((lane, group.ToList()));
        }
        return released;
    }

    /// <summary>Ingests one record on the lane that owns its partition.</summary>
    private void Handle(PartitionState state, ConsumeResult<byte[]?, byte[]?> record)
    {
        if (state.Fenced || state.Lost) return;
        if (record.IsPartitionEOF)
        {
            ReachedEnd(state, record.Offset.Value);
            return;
        }
        var offset = record.Offset.Value;
        if (offset < state.Next || offset >= state.End) return;
        var unit = state.Unit;
        if (unit.FirstOffset < 0) state.OpenedAt = Stopwatch.GetTimestamp();
        try
        {
            unit.Begin(state.Next);
            var message = record.Message;
            var payload = CloudEventsBinary.IsBinaryMode(message.Headers) ? CloudEventsBinary.ToStructured(message.Headers, message.Value) : message.Value ?? [];
            DateTime? arrival = message.Timestamp.Type == TimestampType.NotAvailable ? null : message.Timestamp.UtcDateTime;
            var summary = state.Lane.Writer.Summary;
            var quarantinedBefore = summary.Quarantined;
            unit.Add(payload, offset, arrival);
            AfterAdd?.Invoke(record.TopicPartitionOffset);
            if (_deadLetters is not null && summary.Quarantined > quarantinedBefore) _deadLetters.Send(record, summary.LastQuarantine);
            unit.End(offset);
        }
        catch
        {
            // Half a record may be buffered: the open range can no longer be committed, so it is dropped and the partition
            // written no more by this member (the ingest stops; the next run resumes from the lake's commit log).
            state.Fenced = true;
            unit.Abandon();
            throw;
        }
        state.Next = offset + 1;
        if (unit.Count >= _options.Ingest.BatchRecords || state.Next >= state.End) CommitPartition(state);
    }

    /// <summary>
    /// The partition ended at or past the offset this run reads to (<c>--until-idle</c>, <c>--to</c>) with offsets left that
    /// delivered no record: a transactional topic's commit markers, or aborted records. They join the open range, which ends
    /// there and is committed, so the partition is done instead of waiting for records that never come.
    /// </summary>
    private void ReachedEnd(PartitionState state, long end)
    {
        // Only ends at or past the run's end are queued (the consuming thread checks): past it, the range stops at the end.
        end = Math.Min(end, state.End);
        if (end <= state.Next) return;
        var unit = state.Unit;
        if (unit.FirstOffset < 0) state.OpenedAt = Stopwatch.GetTimestamp();
        unit.Begin(state.Next);
        unit.End(end - 1);
        state.Next = end;
        CommitPartition(state);
    }

    /// <summary>How often open ranges are checked against the latency bound (a partition reaching its end commits at once).</summary>
    private static readonly long DueCheckTicks = (long)(IngestLane.DueCheck.TotalSeconds * Stopwatch.Frequency);

    /// <summary>Commits a lane's ranges that are due, on the lane's thread.</summary>
    private void CommitDue(IngestLane lane)
    {
        // Not at every record: that was a clock read per open partition per record (5% of the ingesting thread with 128).
        var now = Stopwatch.GetTimestamp();
        if (now - lane.LastDueCheck < DueCheckTicks) return;
        lane.LastDueCheck = now;
        foreach (var state in lane.States)
        {
            if (state.Unit.FirstOffset >= 0 && (state.AgeAt(now) >= _options.MaxLatency || state.Next >= state.End)) CommitPartition(state);
        }
    }

    /// <summary>Commits a partition's open range: on its lane, or on the consuming thread while it holds the lane's gate.</summary>
    private void CommitPartition(PartitionState state)
    {
        if (state.Unit.FirstOffset < 0 || state.Fenced || state.Lost) return;
        if (BeforeCommit is { } pause) lock (_pauseGate) pause(state.Partition);
        _deadLetters?.Flush(state.Partition);
        var started = Stopwatch.GetTimestamp();
        var waited = state.Age;
        try
        {
            if (state.Unit.Commit() == CommitOutcome.CommittedThenFenced) Fence(state, "committed its last range, then found a newer claim");
        }
        catch (CommitConflictException e)
        {
            Fence(state, e.Message);
            return;
        }
        var took = Stopwatch.GetElapsedTime(started);
        state.Lane.Publish();
        if (Committed is not null || Flushed is not null)
        {
            lock (_reportGate)
            {
                Committed?.Invoke(took, IngestCounts.Sum(_lanes.Select(l => l.Counts)));
                Flushed?.Invoke(waited + took);
            }
        }
        _offsets.Enqueue(new TopicPartitionOffset(state.Partition, new Offset(state.Next)));
    }

    private void ReportLag()
    {
        var lags = new List<PartitionLag>(_partitions.Count);
        foreach (var state in _partitions.Values)
        {
            // librdkafka keeps a partition's cached high watermark across assignments: until this assignment has fetched the
            // partition (a record or its end), the cache may be from when this member last held it, and the lag it gives is a lie
            // (0 for a partition that was empty then). Such a partition has no lag to report yet.
            if (!state.Fetched) continue;
            var high = _consumer.GetWatermarkOffsets(state.Partition).High.Value;
            if (high >= 0) lags.Add(new PartitionLag(state.Partition.Topic, state.Partition.Partition.Value, Math.Max(0, high - state.Next), high));
        }
        LagObserved!(lags);
    }

    private void Fence(PartitionState state, string why)
    {
        state.Fenced = true;
        state.Unit.Abandon();
        Log?.Invoke($"{state.Partition}: fenced by another member ({why}); this member writes nothing more to it");
    }

    /// <summary>Each partition's first offset at or after <paramref name="time"/>: remembered ones, the others searched together.</summary>
    private Dictionary<TopicPartition, long> Seek(List<(TopicPartition Partition, (long Low, long High) Watermarks)> bounds, DateTime time)
    {
        var offsets = new Dictionary<TopicPartition, long>();
        var unknown = new List<(TopicPartition, long, long)>();
        foreach (var (tp, (low, high)) in bounds)
        {
            // Retention may have deleted the remembered offset since.
            if (_seeks.TryGetValue((tp, time), out var known)) offsets[tp] = Math.Max(known, low);
            else unknown.Add((tp, low, high));
        }
        if (unknown.Count == 0) return offsets;
        var found = OffsetSeeker.FirstAtOrAfter(_options.BootstrapServers, unknown, time);
        foreach (var (tp, _, _) in unknown)
        {
            var answer = found[tp];
            offsets[tp] = answer.Offset;
            // Kept only when a record at or after the time exists: "the end" moves as records arrive, an offset before it does not.
            if (answer.RecordFound) _seeks[(tp, time)] = answer.Offset;
        }
        return offsets;
    }

    private bool Idle()
    {
        if (!_assignedOnce || _rejoining) return false;
        // Read while the lanes work, so confirmed after each lane handled what it holds.
        if (!_partitions.Values.All(s => s.Done || s.Fenced)) return false;
        foreach (var lane in _lanes) lane.Drain();
        return _partitions.Values.All(s => s.Done || s.Fenced);
    }
}

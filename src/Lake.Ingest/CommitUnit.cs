using Lake.Core.Envelope;
using Lake.Core.Sources;
using Lake.Core.Upcasting;
using Lake.Parquet;
using Lake.Storage;

namespace Lake.Ingest;

/// <summary>
/// The records of one source partition since its last commit: buffered per partition folder, staged as files, then
/// committed as one record of the commit log under the writer's lease (or abandoned, leaving nothing the lake lists).
/// </summary>
public sealed class CommitUnit
{
    private readonly LakeWriter _owner;
    private readonly string? _identity;
    private readonly Dictionary<PartitionKey, PartitionBuffer> _buffers = [];
    private readonly List<Task> _writes = [];
    private readonly List<(PartitionBuffer Buffer, string Key, string? StagedAs, long Rows, WrittenObject Written)> _staged = [];
    private long _first = -1;
    private long _last = -1;

    internal CommitUnit(LakeWriter owner, PartitionLease lease, string? identity)
    {
        _owner = owner;
        Lease = lease;
        _identity = identity;
        owner.Budget.Register(this);
    }

    public PartitionLease Lease { get; }
    /// <summary>Input records since the last commit.</summary>
    public int Count { get; private set; }
    /// <summary>The first offset of the open range, or -1 when nothing is open.</summary>
    public long FirstOffset => _first;
    /// <summary>The next offset this unit expects: the end of what it committed or holds.</summary>
    public long NextOffset { get; private set; } = -1;
    internal IEnumerable<PartitionBuffer> Buffers => _buffers.Values;
    private IngestSummary Summary => _owner.Summary;
    private string Source => Lease.Source;
    private int Partition => Lease.Partition;

    /// <summary>Opens the range at <paramref name="offset"/> if none is open (the range covers offsets with no record too).</summary>
    public void Begin(long offset)
    {
        if (_first < 0) _first = offset;
    }

    /// <summary>Closes the range through <paramref name="offset"/> for now.</summary>
    public void End(long offset)
    {
        _last = offset;
        NextOffset = offset + 1;
    }

    /// <summary>
    /// Adds one input record. recorded_at is <paramref name="arrival"/> when the source has one (a Kafka record timestamp);
    /// otherwise the envelope's, else its occurred_at, else <paramref name="previous"/> (the record before an unreadable one).
    /// Returns the recorded_at used.
    /// </summary>
    public DateTime Add(ReadOnlySpan<byte> payloadBytes, long offset, DateTime? arrival, DateTime? previous = null) =>
        Add(payloadBytes.ToArray(), offset, arrival, previous);

    /// <summary>Adds one input record whose bytes the caller hands over (a Kafka record's value): kept as they are, not copied.</summary>
    public DateTime Add(byte[] payload, long offset, DateTime? arrival, DateTime? previous = null)
    {
        Count++;
        Summary.Records++;
        var position = new SourcePosition(Source, Partition, offset);
        var decoded = _owner.Upcaster.Decode(payload);
        var envelope = decoded.Envelope;
        var recorded = arrival ?? envelope?.RecordedAt ?? envelope?.OccurredAt ?? previous ?? DateTime.UnixEpoch;
        var estimate = payload.Length * 3L + 128;

        Route(new PartitionKey(Zone.Raw, null, Day(recorded)), LakeSchemas.Raw,
            [position.Source, position.Partition, position.Offset, recorded, envelope?.Id, decoded.Type, decoded.Version, envelope?.OccurredAt, payload], estimate);

        if (envelope is null)
        {
            Quarantine(position, recorded, QuarantineReason.Malformed, decoded.Error!, null, decoded.Type, decoded.Version, payload, estimate);
            return recorded;
        }
        var result = _owner.Upcaster.Upcast(envelope);
        if (result.UnknownFields is { } unknown)
        {
            foreach (var u in unknown) Summary.Count(Summary.UnknownFields, envelope.Type + "." + u);
        }
        if (result.Error is { } error)
        {
            Quarantine(position, recorded, error.Reason, error.Message, envelope.Id, envelope.Type, envelope.Version, payload, estimate);
            return recorded;
        }
        var events = result.Events;
        if (events.Count == 0) Summary.DroppedByUpcaster++;
        // Indexed: Events is a struct list, one event held without an array, and nothing is allocated to walk it.
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            Summary.CountEvent(e.Type.Name, e.ReceivedVersion);
            // Built by hand: a collection expression with a spread went through a List per event.
            var row = new object?[EnvelopeColumns + e.Values.Length];
            row[0] = e.Id;
            row[1] = e.ReceivedVersion;
            row[2] = e.OccurredAt;
            row[3] = arrival ?? e.RecordedAt ?? recorded;
            row[4] = e.Producer;
            row[5] = e.AggregateId;
            row[6] = position.Source;
            row[7] = position.Partition;
            row[8] = position.Offset;
            e.Values.CopyTo(row, EnvelopeColumns);
            Route(new PartitionKey(Zone.Events, e.Type, Day(e.OccurredAt)), _owner.CuratedSchema(e.Type), row, estimate);
        }
        return recorded;
    }

    private void Quarantine(SourcePosition p, DateTime recorded, QuarantineReason reason, string message, string? id, string? type, int? version, byte[] payload, long estimate)
    {
        Summary.Quarantine(reason, message);
        Route(new PartitionKey(Zone.Quarantine, null, Day(recorded)), LakeSchemas.Quarantine,
            [p.Source, p.Partition, p.Offset, recorded, reason.Code(), message, id, type, version, payload], estimate);
    }

    private const int EnvelopeColumns = 9;

    private static int Day(DateTime utc) => (int)(utc.Ticks / TimeSpan.TicksPerDay);

    /// <summary>The folder of a partition, built once per buffer rather than once per record.</summary>
    private string Directory(PartitionKey key)
    {
        var date = new DateTime(key.Day * TimeSpan.TicksPerDay, DateTimeKind.Utc);
        return key.Zone switch
        {
            Zone.Events => LakePaths.EventsDir(key.Type!.Name, date),
            Zone.Raw => LakePaths.RawDir(Source, date),
            _ => LakePaths.QuarantineDir(date),
        };
    }

    private void Route(PartitionKey key, TableSchema schema, object?[] row, long estimate)
    {
        if (!_buffers.TryGetValue(key, out var buffer))
        {
            var zone = key.Zone switch { Zone.Events => LakePaths.Events, Zone.Raw => LakePaths.Raw, _ => LakePaths.Quarantine };
            _buffers[key] = buffer = new PartitionBuffer(zone, Directory(key), schema);
        }
        buffer.Add(row, estimate);
        _owner.Budget.Add(estimate);
    }

    /// <summary>Writes a buffer's rows out as a part file (staged where the store can rename, else under its final key).</summary>
    internal void Stage(PartitionBuffer buffer)
    {
        var estimate = buffer.EstimatedBytes;
        _owner.Budget.Released(estimate);
        var rows = buffer.Take();
        var part = buffer.Parts++;
        var key = $"{buffer.Directory}/{LakePaths.FileName(Source, Partition, _first, Lease.Epoch, part)}";
        var store = _owner.Store;
        var stagedAs = store.CanRename ? LakePaths.Staged(key) : null;
        var settings = _owner.Options.Parquet;
        _owner.Writes.Enter(estimate);
        // Encoding runs on a writer thread while this one decodes and upcasts; content depends only on the rows.
        _writes.Add(Task.Run(async () =>
        {
            try
            {
                await using var writer = await store.CreateBatchedAsync(stagedAs ?? key).ConfigureAwait(false);
                ParquetTableWriter.Write(writer, rows, settings);
                var written = await writer.CompleteAsync().ConfigureAwait(false);
                lock (_staged) _staged.Add((buffer, key, stagedAs, rows.RowCount, written));
            }
            finally
            {
                rows.Release();
                _owner.Writes.Exit(estimate);
            }
        }));
    }

    private void WaitForWrites()
    {
        try
        {
            Task.WaitAll([.. _writes]);
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
        finally
        {
            _writes.Clear();
        }
    }

    /// <summary>
    /// Writes what is buffered and commits the range. A fenced lease throws <see cref="CommitConflictException"/> after the
    /// staged files are removed; <see cref="CommitOutcome.CommittedThenFenced"/> means this was the last commit allowed.
    /// </summary>
    public CommitOutcome Commit()
    {
        if (_first < 0) return CommitOutcome.Committed;
        try
        {
            foreach (var buffer in _buffers.Values.Where(b => b.Count > 0).OrderBy(b => b.Directory, StringComparer.Ordinal)) Stage(buffer);
            WaitForWrites();
            // The files must be durable before the record that lists them (see ILakeStore.CreateBatchedAsync).
            _owner.Store.SyncAsync(_staged.Select(s => s.StagedAs ?? s.Key).ToList()).GetAwaiter().GetResult();
        }
        catch
        {
            // A file that failed took its rows with it: the range can no longer be committed whole, so none of it is (a later
            // commit of this unit, e.g. by the revoke that follows a failed Kafka ingest, would have listed the range without them).
            Abandon();
            throw;
        }
        var files = _staged.Select(s => new CommittedFile(s.Key, s.Buffer.Zone, s.Rows, s.Written.Size, s.Written.Sha256, s.StagedAs))
            .OrderBy(f => f.Path, StringComparer.Ordinal).ToList();
        var record = new CommitRecord
        {
            Source = Source,
            Partition = Partition,
            FirstOffset = _first,
            LastOffset = _last,
            Epoch = Lease.Epoch,
            Writer = Lease.Writer,
            SourceIdentity = _identity,
            CatalogFingerprint = _owner.CatalogFingerprint,
            Files = files,
            Records = Count,
        };
        CommitOutcome outcome;
        try
        {
            outcome = _owner.Log.CommitAsync(Lease, record).GetAwaiter().GetResult();
        }
        catch (CommitConflictException)
        {
            // Refused before the record was written, or written and deleted again: nothing lists the files.
            DeleteStaged();
            Reset();
            throw;
        }
        catch
        {
            // The record may have been written (a failure reading the claims after it, or deleting it): the files may be
            // listed by a valid record, so they are left for recovery, which keeps and renames what a valid record lists.
            Reset();
            throw;
        }
        // The commit record is written: from here a crash is rolled forward by recovery, and nothing it lists may be deleted,
        // so the unit forgets its files before renaming them (an abandon after a failed rename deleted committed files).
        Reset();
        foreach (var f in files.Where(f => f.StagedAs is not null)) _owner.Store.RenameAsync(f.StagedAs!, f.Path).GetAwaiter().GetResult();
        Summary.FilesWritten += files.Count;
        Summary.BytesWritten += files.Sum(f => f.Bytes);
        Summary.Commits++;
        return outcome;
    }

    /// <summary>
    /// Drops everything since the last commit: buffered rows and staged files (a revoked or lost partition, a failure). Does not
    /// throw: files it cannot delete are listed by no record and removed by recovery.
    /// </summary>
    public void Abandon()
    {
        foreach (var buffer in _buffers.Values)
        {
            _owner.Budget.Released(buffer.EstimatedBytes);
            buffer.Take().Release();
        }
        try { WaitForWrites(); }
        catch (Exception) { /* a failed write leaves nothing to keep */ }
        DeleteStaged();
        Reset();
    }

    /// <summary>Leaves the shared budget; call after the last commit or abandon.</summary>
    public void Close() => _owner.Budget.Unregister(this);

    /// <summary>
    /// Deletes the files staged since the last commit, as far as the store lets it: a file left behind is listed by no record,
    /// and recovery (or <c>lake verify --repair</c>) removes it. Never throws, so the unit is always reset after it.
    /// </summary>
    private void DeleteStaged()
    {
        foreach (var s in _staged)
        {
            try { _owner.Store.DeleteAsync(s.StagedAs ?? s.Key).GetAwaiter().GetResult(); }
            catch (Exception) { /* left for recovery, as above */ }
        }
    }

    private void Reset()
    {
        _buffers.Clear();
        _staged.Clear();
        _first = _last = -1;
        Count = 0;
    }
}

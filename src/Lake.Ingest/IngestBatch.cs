using System.Security.Cryptography;
using Lake.Core.Envelope;
using Lake.Core.Sources;
using Lake.Core.Upcasting;
using Lake.Parquet;

namespace Lake.Ingest;

/// <summary>The records of one commit unit: buffered per partition folder, staged as hidden files, then committed.</summary>
internal sealed class IngestBatch(LakeIngestor owner, SourceFile file, int partition, IngestSummary summary)
{
    private readonly Dictionary<PartitionKey, PartitionBuffer> _buffers = [];
    private readonly PendingWrites _writes = new();
    private readonly List<(PartitionBuffer Buffer, int Part, string Staged, long Rows, long Bytes, string Sha)> _staged = [];
    private long _first = -1;
    private long _last = -1;
    private long _bufferedBytes;
    public int Count { get; private set; }

    public void Begin(long offset)
    {
        if (_first < 0) _first = offset;
    }

    public void End(long offset) => _last = offset;

    public DateTime Add(ReadOnlySpan<byte> line, long offset, DateTime? lastRecorded)
    {
        Count++;
        var position = new SourcePosition(file.Source, partition, offset);
        var payload = line.ToArray();
        var decoded = EnvelopeDecoder.Decode(line);
        var envelope = decoded.Envelope;
        // Files carry no arrival time: recorded_at is the envelope's, else occurred_at; an unreadable line takes its predecessor's.
        var recorded = envelope?.RecordedAt ?? envelope?.OccurredAt ?? lastRecorded ?? DateTime.UnixEpoch;
        var estimate = payload.Length * 3L + 128;

        Route(new PartitionKey(Zone.Raw, null, Day(recorded)), LakeSchemas.Raw,
            [position.Source, position.Partition, position.Offset, recorded, envelope?.Id, decoded.Type, decoded.Version, envelope?.OccurredAt, payload], estimate);

        if (envelope is null)
        {
            Quarantine(position, recorded, QuarantineReason.Malformed, decoded.Error!, null, decoded.Type, decoded.Version, payload, estimate);
            return recorded;
        }
        var result = owner.Upcaster.Upcast(envelope);
        if (result.UnknownFields is { } unknown)
        {
            foreach (var u in unknown) summary.Count(summary.UnknownFields, envelope.Type + "." + u);
        }
        if (result.Error is { } error)
        {
            Quarantine(position, recorded, error.Reason, error.Message, envelope.Id, envelope.Type, envelope.Version, payload, estimate);
            return recorded;
        }
        if (result.Events.Count == 0) summary.DroppedByUpcaster++;
        foreach (var e in result.Events)
        {
            summary.CountEvent(e.Type.Name, e.ReceivedVersion);
            object?[] row = [e.Id, e.ReceivedVersion, e.OccurredAt, e.RecordedAt ?? recorded, e.Producer, e.AggregateId,
                position.Source, position.Partition, position.Offset, .. e.Values];
            Route(new PartitionKey(Zone.Events, e.Type, Day(e.OccurredAt)), owner.CuratedSchema(e.Type), row, estimate);
        }
        return recorded;
    }

    private void Quarantine(SourcePosition p, DateTime recorded, QuarantineReason reason, string message, string? id, string? type, int? version, byte[] payload, long estimate)
    {
        summary.Quarantine(reason);
        Route(new PartitionKey(Zone.Quarantine, null, Day(recorded)), LakeSchemas.Quarantine,
            [p.Source, p.Partition, p.Offset, recorded, reason.Code(), message, id, type, version, payload], estimate);
    }

    private static int Day(DateTime utc) => (int)(utc.Ticks / TimeSpan.TicksPerDay);

    /// <summary>The folder of a partition, built once per buffer rather than once per record.</summary>
    private string Directory(PartitionKey key)
    {
        var date = new DateTime(key.Day * TimeSpan.TicksPerDay, DateTimeKind.Utc);
        return key.Zone switch
        {
            Zone.Events => LakePaths.EventsDir(key.Type!.Name, date),
            Zone.Raw => LakePaths.RawDir(file.Source, date),
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
        _bufferedBytes += estimate;
        while (_bufferedBytes > owner.Options.MemoryBudgetBytes)
        {
            // Largest first (ties by folder name, so the files are the same on every run).
            var largest = _buffers.Values.Where(b => b.Count > 0).OrderByDescending(b => b.EstimatedBytes).ThenBy(b => b.Directory, StringComparer.Ordinal).First();
            Stage(largest);
        }
    }

    private void Stage(PartitionBuffer buffer)
    {
        _bufferedBytes -= buffer.EstimatedBytes;
        var rows = buffer.Take();
        var part = buffer.Parts++;
        var staged = $"{buffer.Directory}/.{file.Source}-p{partition}-{_first}-part{part}.parquet{LakePaths.InProgressSuffix}";
        var full = Path.Combine(owner.Root, staged);
        var schema = buffer.Schema;
        var settings = owner.Options.Parquet;
        // Encoding runs on the writer thread while this one decodes and upcasts; content depends only on the rows.
        _writes.Start(() =>
        {
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            using (var stream = new FileStream(full, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 20))
            {
                ParquetTableWriter.WriteAsync(stream, rows, settings).GetAwaiter().GetResult();
                stream.Flush(flushToDisk: true);
            }
            var bytes = new FileInfo(full).Length;
            string sha;
            using (var read = File.OpenRead(full)) sha = Convert.ToHexStringLower(SHA256.HashData(read));
            lock (_staged) _staged.Add((buffer, part, staged, rows.RowCount, bytes, sha));
        });
    }

    public void Commit()
    {
        if (_first < 0) return;
        foreach (var buffer in _buffers.Values.Where(b => b.Count > 0).OrderBy(b => b.Directory, StringComparer.Ordinal)) Stage(buffer);
        _writes.WaitAll();
        var files = _staged.Select(s => new CommittedFile(
                $"{s.Buffer.Directory}/{LakePaths.FileName(file.Source, partition, _first, _last, s.Buffer.Parts == 1 ? 0 : s.Part)}",
                s.Buffer.Zone, s.Rows, s.Bytes, s.Sha, s.Staged))
            .OrderBy(f => f.Path, StringComparer.Ordinal).ToList();
        owner.Commits.Write(new CommitRecord
        {
            Source = file.Source,
            Partition = partition,
            FirstOffset = _first,
            LastOffset = _last,
            SourceIdentity = file.Identity,
            CatalogFingerprint = owner.CatalogFingerprint,
            Files = files,
            Records = Count,
        });
        // The commit record is written: from here a crash is rolled forward by recovery.
        foreach (var f in files) File.Move(Path.Combine(owner.Root, f.StagedAs), Path.Combine(owner.Root, f.Path), overwrite: true);
        summary.FilesWritten += files.Count;
        summary.BytesWritten += files.Sum(f => f.Bytes);
        _buffers.Clear();
        _staged.Clear();
        _first = _last = -1;
        _bufferedBytes = 0;
        Count = 0;
    }
}

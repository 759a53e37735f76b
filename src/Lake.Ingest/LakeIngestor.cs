using System.Diagnostics;
using System.IO.Compression;
using System.Security.Cryptography;
using Lake.Core.Catalog;
using Lake.Core.Envelope;
using Lake.Core.Schema;
using Lake.Core.Sources;
using Lake.Core.Upcasting;
using Lake.Parquet;

namespace Lake.Ingest;

/// <summary>
/// Ingests NDJSON files into a local lake: every record into raw, each upcast event into its (event_type, dt) partition, each
/// failure into quarantine; committed per offset range so that a rerun or a restart after a crash never duplicates or loses data.
/// </summary>
public sealed class LakeIngestor
{
    private readonly EventCatalog _catalog;
    private readonly Upcaster _upcaster;
    private readonly string _root;
    private readonly IngestOptions _options;
    private readonly CommitLog _commits;
    private readonly Dictionary<string, TableSchema> _curatedSchemas = new(StringComparer.Ordinal);

    public LakeIngestor(EventCatalog catalog, string lakeRoot, IngestOptions? options = null)
    {
        _catalog = catalog;
        _upcaster = new Upcaster(catalog);
        _root = Path.GetFullPath(lakeRoot);
        _options = options ?? new IngestOptions();
        _commits = new CommitLog(_root);
    }

    /// <summary>Reports progress: records read so far.</summary>
    public Action<long>? Progress { get; init; }

    public IngestSummary IngestFiles(IReadOnlyList<SourceFile> files)
    {
        var summary = new IngestSummary();
        var clock = Stopwatch.StartNew();
        Directory.CreateDirectory(Path.Combine(_root, LakePaths.State));
        // Recovery removes every staged file it does not find committed, so two ingests must never share a lake.
        using var exclusive = TakeLock();
        LakeRecovery.Run(_root);
        if (_options.PipelineDirectory is { } pipelineDir) CatalogSnapshot.Save(_root, pipelineDir, _catalog.Fingerprint);
        foreach (var file in files) IngestFile(file, summary);
        summary.Elapsed = clock.Elapsed;
        return summary;
    }

    private FileStream TakeLock()
    {
        var path = Path.Combine(_root, LakePaths.State, "ingest.lock");
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            throw new IngestException($"another ingest is writing to the lake {_root}; wait for it to finish (one ingest per lake at a time)");
        }
    }

    private void IngestFile(SourceFile file, IngestSummary summary)
    {
        const int partition = 0;
        var committed = _commits.Read(file.Source, partition);
        if (committed.FirstOrDefault(r => r.SourceIdentity != file.Identity) is { } other)
        {
            summary.Errors.Add($"{file.Path}: the lake already holds a different file under source '{file.Source}' ({other.SourceIdentity}); rename the file or use another lake");
            return;
        }
        var resumeAt = committed.Count == 0 ? 0 : committed.Max(r => r.LastOffset) + 1;

        using var stream = OpenRead(file.Path);
        using var reader = new NdjsonLineReader(stream);
        var batch = new Batch(this, file, partition, summary);
        DateTime? lastRecorded = null;
        try
        {
            while (reader.TryReadLine(out var line))
            {
                var offset = reader.LineNumber - 1;
                if (offset < resumeAt) { summary.AlreadyCommitted++; continue; }
                batch.Begin(offset);
                if (!line.IsEmpty && !IsBlank(line))
                {
                    lastRecorded = batch.Add(line, offset, lastRecorded);
                    summary.Records++;
                    if (summary.Records % 100_000 == 0) Progress?.Invoke(summary.Records);
                }
                batch.End(offset);
                if (batch.Count >= _options.BatchRecords) batch.Commit();
            }
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            // Whatever was read before the damage is committed; the rest of the file cannot be read by anyone.
            summary.Errors.Add($"{file.Path}: unreadable after line {reader.LineNumber}: {e.Message}; the lines before it were ingested. Re-export or repair the file, then ingest it under a new name");
        }
        batch.Commit();
    }

    private static bool IsBlank(ReadOnlySpan<byte> line)
    {
        foreach (var b in line) if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r')) return false;
        return true;
    }

    private static Stream OpenRead(string path)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : file;
    }

    private TableSchema CuratedSchema(EventTypeSchema type)
    {
        if (!_curatedSchemas.TryGetValue(type.Name, out var schema)) _curatedSchemas[type.Name] = schema = LakeSchemas.Curated(type);
        return schema;
    }

    /// <summary>The records of one commit unit: buffered per partition folder, staged as hidden files, then committed.</summary>
    private sealed class Batch(LakeIngestor owner, SourceFile file, int partition, IngestSummary summary)
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
            var result = owner._upcaster.Upcast(envelope);
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
                summary.Curated++;
                summary.Count(summary.EventsByTypeAndVersion, $"{e.Type.Name} v{e.ReceivedVersion}");
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
            while (_bufferedBytes > owner._options.MemoryBudgetBytes)
            {
                // Largest first (ties by folder name, so the files are the same on every run).
                var largest = _buffers.Values.Where(b => b.Rows.Count > 0).OrderByDescending(b => b.EstimatedBytes).ThenBy(b => b.Directory, StringComparer.Ordinal).First();
                Stage(largest);
            }
        }

        private void Stage(PartitionBuffer buffer)
        {
            _bufferedBytes -= buffer.EstimatedBytes;
            var rows = buffer.Take();
            var part = buffer.Parts++;
            var staged = $"{buffer.Directory}/.{file.Source}-p{partition}-{_first}-part{part}.parquet{LakePaths.InProgressSuffix}";
            var full = Path.Combine(owner._root, staged);
            var schema = buffer.Schema;
            var settings = owner._options.Parquet;
            // Encoding runs on the writer thread while this one decodes and upcasts; content depends only on the rows.
            _writes.Start(() =>
            {
                System.IO.Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                using (var stream = new FileStream(full, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 20))
                {
                    ParquetTableWriter.WriteAsync(stream, schema, rows, settings).GetAwaiter().GetResult();
                    stream.Flush(flushToDisk: true);
                }
                var bytes = new FileInfo(full).Length;
                string sha;
                using (var read = File.OpenRead(full)) sha = Convert.ToHexStringLower(SHA256.HashData(read));
                lock (_staged) _staged.Add((buffer, part, staged, rows.Count, bytes, sha));
            });
        }

        public void Commit()
        {
            if (_first < 0) return;
            foreach (var buffer in _buffers.Values.Where(b => b.Rows.Count > 0).OrderBy(b => b.Directory, StringComparer.Ordinal)) Stage(buffer);
            _writes.WaitAll();
            var files = _staged.Select(s => new CommittedFile(
                    $"{s.Buffer.Directory}/{LakePaths.FileName(file.Source, partition, _first, _last, s.Buffer.Parts == 1 ? 0 : s.Part)}",
                    s.Buffer.Zone, s.Rows, s.Bytes, s.Sha, s.Staged))
                .OrderBy(f => f.Path, StringComparer.Ordinal).ToList();
            owner._commits.Write(new CommitRecord
            {
                Source = file.Source,
                Partition = partition,
                FirstOffset = _first,
                LastOffset = _last,
                SourceIdentity = file.Identity,
                CatalogFingerprint = owner._catalog.Fingerprint,
                Files = files,
                Records = Count,
            });
            // The commit record is written: from here a crash is rolled forward by recovery.
            foreach (var f in files) File.Move(Path.Combine(owner._root, f.StagedAs), Path.Combine(owner._root, f.Path), overwrite: true);
            summary.FilesWritten += files.Count;
            summary.BytesWritten += files.Sum(f => f.Bytes);
            _buffers.Clear();
            _staged.Clear();
            _first = _last = -1;
            _bufferedBytes = 0;
            Count = 0;
        }
    }
}

using System.Diagnostics;
using System.IO.Compression;
using Lake.Core.Catalog;
using Lake.Core.Envelope;
using Lake.Core.Schema;
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
    private readonly string _root;
    private readonly IngestOptions _options;
    private readonly Dictionary<string, TableSchema> _curatedSchemas = new(StringComparer.Ordinal);

    public LakeIngestor(EventCatalog catalog, string lakeRoot, IngestOptions? options = null)
    {
        _catalog = catalog;
        Upcaster = new Upcaster(catalog);
        _root = Path.GetFullPath(lakeRoot);
        _options = options ?? new IngestOptions();
        Commits = new CommitLog(_root);
    }

    internal Upcaster Upcaster { get; }
    internal CommitLog Commits { get; }
    internal string Root => _root;
    internal IngestOptions Options => _options;
    internal string CatalogFingerprint => _catalog.Fingerprint;

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
        summary.Publish();
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
        var committed = Commits.Read(file.Source, partition);
        if (committed.FirstOrDefault(r => !file.Continues(r.SourceIdentity)) is { } other)
        {
            summary.Errors.Add($"{file.Path}: the lake already holds a different file under source '{file.Source}' ({other.SourceIdentity}); a file may grow (its new lines are ingested), but not change what was already ingested; rename the file or use another lake");
            return;
        }
        var resumeAt = committed.Count == 0 ? 0 : committed.Max(r => r.LastOffset) + 1;

        using var stream = OpenRead(file.Path);
        using var reader = new NdjsonLineReader(stream);
        var batch = new IngestBatch(this, file, partition, summary);
        DateTime? lastRecorded = null;
        while (true)
        {
            // Only the reader's failures mean a damaged source; a failed write must surface as itself.
            ReadOnlySpan<byte> line;
            try
            {
                if (!reader.TryReadLine(out line)) break;
            }
            catch (Exception e) when (e is InvalidDataException or IOException)
            {
                // Whatever was read before the damage is committed; the rest of the file cannot be read by anyone.
                summary.Errors.Add($"{file.Path}: unreadable after line {reader.LineNumber}: {e.Message}; the lines before it were ingested. Re-export or repair the file, then ingest it under a new name");
                break;
            }
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

    internal TableSchema CuratedSchema(EventTypeSchema type)
    {
        if (!_curatedSchemas.TryGetValue(type.Name, out var schema)) _curatedSchemas[type.Name] = schema = LakeSchemas.Curated(type);
        return schema;
    }
}

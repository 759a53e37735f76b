using System.Diagnostics;
using System.IO.Compression;
using Lake.Core.Catalog;
using Lake.Core.Envelope;
using Lake.Storage;

namespace Lake.Ingest;

/// <summary>
/// Ingests NDJSON files into a lake: every record into raw, each upcast event into its (event_type, dt) partition, each
/// failure into quarantine; committed per offset range so that a rerun or a restart after a crash never duplicates or loses data.
/// </summary>
public sealed class LakeIngestor
{
    /// <summary>The writer name file ingests claim under: one file ingest per lake at a time (a lock enforces it locally).</summary>
    public const string FilesWriter = "files";

    private readonly EventCatalog _catalog;
    private readonly ILakeStore _store;
    private readonly IngestOptions _options;

    public LakeIngestor(EventCatalog catalog, string lakeRoot, IngestOptions? options = null)
        : this(catalog, new LocalFolderStore(lakeRoot), options) { }

    public LakeIngestor(EventCatalog catalog, ILakeStore store, IngestOptions? options = null)
    {
        _catalog = catalog;
        _store = store;
        _options = options ?? new IngestOptions();
    }

    /// <summary>Reports progress: records read so far.</summary>
    public Action<long>? Progress { get; init; }

    public IngestSummary IngestFiles(IReadOnlyList<SourceFile> files)
    {
        var summary = new IngestSummary();
        var clock = Stopwatch.StartNew();
        // Recovery removes every leftover it does not find committed, so two file ingests must never share a lake.
        using var exclusive = TakeLock();
        var writer = new LakeWriter(_catalog, _store, _options, summary);
        LakeRecovery.RecoverAsync(writer.Log, writer.Log.ReadAllAsync().GetAwaiter().GetResult().ToList(), allPartitions: true).GetAwaiter().GetResult();
        if (_options.PipelineDirectory is { } pipelineDir) CatalogSnapshot.SaveAsync(_store, pipelineDir, _catalog.Fingerprint).GetAwaiter().GetResult();
        foreach (var file in files) IngestFile(writer, file, summary);
        summary.Publish();
        summary.Elapsed = clock.Elapsed;
        return summary;
    }

    private IDisposable? TakeLock()
    {
        if (_store is not LocalFolderStore local) return null;
        var path = Path.Combine(local.Root, LakePaths.State, "ingest.lock");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            throw new IngestException($"another ingest is writing to the lake {_store.Location}; wait for it to finish (one ingest per lake at a time)");
        }
    }

    private void IngestFile(LakeWriter writer, SourceFile file, IngestSummary summary)
    {
        const int partition = 0;
        var history = writer.Log.ReadAsync(file.Source, partition).GetAwaiter().GetResult();
        if (history.Valid.FirstOrDefault(r => !file.Continues(r.SourceIdentity)) is { } other)
        {
            summary.Errors.Add($"{file.Path}: the lake already holds a different file under source '{file.Source}' ({other.SourceIdentity}); a file may grow (its new lines are ingested), but not change what was already ingested; rename the file or use another lake");
            return;
        }
        var resumeAt = history.End;

        using var stream = OpenRead(file.Path);
        using var reader = new NdjsonLineReader(stream);
        CommitUnit? unit = null;
        DateTime? lastRecorded = null;
        try
        {
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
                // Claimed only when there is something to write, so ingesting a file again changes nothing in the lake.
                unit ??= writer.Open(writer.Log.ClaimAsync(file.Source, partition, FilesWriter).GetAwaiter().GetResult().Lease, file.Identity);
                unit.Begin(offset);
                if (!line.IsEmpty && !IsBlank(line))
                {
                    lastRecorded = unit.Add(line, offset, arrival: null, lastRecorded);
                    if (summary.Records % 100_000 == 0) Progress?.Invoke(summary.Records);
                }
                unit.End(offset);
                if (unit.Count >= _options.BatchRecords) unit.Commit();
            }
            unit?.Commit();
        }
        catch
        {
            unit?.Abandon();
            throw;
        }
        finally
        {
            unit?.Close();
        }
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
}

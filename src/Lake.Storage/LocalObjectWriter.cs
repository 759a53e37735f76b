namespace Lake.Storage;

/// <summary>
/// Writes a local object to a hidden temporary file, fsyncs it (unless the caller flushes the filesystem later, see
/// <see cref="ILakeStore.CreateBatchedAsync"/>) and renames it into place on completion. A staged key (hidden and ending in
/// <c>.inprogress</c>: every reader skips it and only a commit record can make it part of the lake) is written in place, no
/// temporary, no rename; it must not exist yet, so two writers that picked the same name fail instead of mixing their bytes.
/// </summary>
internal sealed class LocalObjectWriter : ObjectWriter
{
    private readonly string _final;
    private readonly string _temporary;
    private readonly FileStream _file;
    private readonly bool _sync;

    public LocalObjectWriter(string key, string final, bool sync = true) : base(key)
    {
        _final = final;
        _sync = sync;
        _temporary = IsStaged(final) ? final : LocalFolderStore.TemporaryPath(final);
        // A small buffer: the Parquet writer hands over whole pages; a 1 MiB buffer per file made every file a large-object allocation.
        _file = LocalFolderStore.InFolder(_temporary, path => new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096));
    }

    private static bool IsStaged(string path)
    {
        var name = Path.GetFileName(path.AsSpan());
        return name.StartsWith('.') && name.EndsWith(".inprogress", StringComparison.Ordinal);
    }

    protected override void WriteCore(ReadOnlySpan<byte> buffer) => _file.Write(buffer);

    protected override ValueTask WriteCoreAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct) => _file.WriteAsync(buffer, ct);

    // Synchronous on purpose: the file is not opened for async I/O, so its async calls only queued the same system calls on
    // the thread pool (a Kafka backfill of 23,000 files spent 7% of its writer threads there).
    protected override Task CompleteCoreAsync(CancellationToken ct)
    {
        _file.Flush(flushToDisk: _sync);
        _file.Dispose();
        if (_temporary != _final) File.Move(_temporary, _final, overwrite: true);
        return Task.CompletedTask;
    }

    protected override ValueTask AbortAsync()
    {
        try
        {
            _file.Dispose();
        }
        catch (IOException)
        {
            // Closing flushes what was buffered, which fails again after a failed write; that first failure is the one to report.
        }
        File.Delete(_temporary);
        return ValueTask.CompletedTask;
    }

    protected override ValueTask ReleaseAsync()
    {
        _file.Dispose();
        return ValueTask.CompletedTask;
    }
}

namespace Lake.Storage;

/// <summary>
/// Writes a local object to a hidden temporary file, fsyncs it (unless the caller flushes the filesystem later, see
/// <see cref="ILakeStore.CreateBatchedAsync"/>) and renames it into place on completion.
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
        _temporary = LocalFolderStore.TemporaryPath(final);
        // A small buffer: the Parquet writer hands over whole pages; a 1 MiB buffer per file made every file a large-object allocation.
        _file = new FileStream(_temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096);
    }

    protected override void WriteCore(ReadOnlySpan<byte> buffer) => _file.Write(buffer);

    protected override ValueTask WriteCoreAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct) => _file.WriteAsync(buffer, ct);

    protected override async Task CompleteCoreAsync(CancellationToken ct)
    {
        await _file.FlushAsync(ct).ConfigureAwait(false);
        if (_sync) _file.Flush(flushToDisk: true);
        await _file.DisposeAsync().ConfigureAwait(false);
        File.Move(_temporary, _final, overwrite: true);
    }

    protected override async ValueTask AbortAsync()
    {
        await _file.DisposeAsync().ConfigureAwait(false);
        File.Delete(_temporary);
    }

    protected override ValueTask ReleaseAsync() => _file.DisposeAsync();
}

namespace Lake.Storage;

/// <summary>Writes a local object to a hidden temporary file, fsyncs it and renames it into place on completion.</summary>
internal sealed class LocalObjectWriter : ObjectWriter
{
    private readonly string _final;
    private readonly string _temporary;
    private readonly FileStream _file;

    public LocalObjectWriter(string key, string final) : base(key)
    {
        _final = final;
        _temporary = LocalFolderStore.TemporaryPath(final);
        // 64 KiB stays below the large object heap: a buffer per file there cost a gen-2 collection every few dozen files.
        _file = new FileStream(_temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
    }

    protected override void WriteCore(ReadOnlySpan<byte> buffer) => _file.Write(buffer);

    protected override ValueTask WriteCoreAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct) => _file.WriteAsync(buffer, ct);

    protected override async Task CompleteCoreAsync(CancellationToken ct)
    {
        await _file.FlushAsync(ct).ConfigureAwait(false);
        _file.Flush(flushToDisk: true);
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

using System.Security.Cryptography;

namespace Lake.Storage;

/// <summary>
/// A write-only stream to one object that becomes visible only on <see cref="CompleteAsync"/>; disposing it before that aborts
/// the write and leaves no object. The SHA-256 of the content is computed on the way through, so nobody reads it back.
/// </summary>
public abstract class ObjectWriter(string key) : Stream
{
    private readonly IncrementalHash _sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private long _length;
    private bool _completed;
    private bool _disposed;

    public string Key { get; } = key;

    public sealed override bool CanRead => false;
    public sealed override bool CanSeek => false;
    public sealed override bool CanWrite => !_disposed && !_completed;
    public sealed override long Length => _length;
    public sealed override long Position { get => _length; set => throw new NotSupportedException("an object is written front to back"); }

    public sealed override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public sealed override void Write(ReadOnlySpan<byte> buffer)
    {
        Accept(buffer);
        WriteCore(buffer);
    }

    public sealed override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken ct) => WriteAsync(buffer.AsMemory(offset, count), ct).AsTask();

    public sealed override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct = default)
    {
        Accept(buffer.Span);
        return WriteCoreAsync(buffer, ct);
    }

    public override void Flush() { }
    public override Task FlushAsync(CancellationToken ct) => Task.CompletedTask;
    public sealed override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public sealed override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public sealed override void SetLength(long value) => throw new NotSupportedException();

    /// <summary>Finishes the object (uploads the last part, renames the temporary file) and makes it visible.</summary>
    public async Task<WrittenObject> CompleteAsync(CancellationToken ct = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_completed) throw new InvalidOperationException($"object '{Key}' is already complete");
        await CompleteCoreAsync(ct).ConfigureAwait(false);
        _completed = true;
        return new WrittenObject(Key, _length, Convert.ToHexStringLower(_sha.GetHashAndReset()));
    }

    protected abstract void WriteCore(ReadOnlySpan<byte> buffer);
    protected abstract ValueTask WriteCoreAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct);
    protected abstract Task CompleteCoreAsync(CancellationToken ct);
    /// <summary>Throws away what was written (deletes the temporary file, aborts the multipart upload).</summary>
    protected abstract ValueTask AbortAsync();
    /// <summary>Releases handles after completion or abort.</summary>
    protected virtual ValueTask ReleaseAsync() => ValueTask.CompletedTask;

    private void Accept(ReadOnlySpan<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_completed) throw new InvalidOperationException($"object '{Key}' is already complete");
        _sha.AppendData(buffer);
        _length += buffer.Length;
    }

    public sealed override async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        try
        {
            if (!_completed) await AbortAsync().ConfigureAwait(false);
        }
        finally
        {
            await ReleaseAsync().ConfigureAwait(false);
            _sha.Dispose();
            GC.SuppressFinalize(this);
        }
    }

    protected sealed override void Dispose(bool disposing)
    {
        if (disposing) DisposeAsync().AsTask().GetAwaiter().GetResult();
        base.Dispose(disposing);
    }
}

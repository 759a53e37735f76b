using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;
using Lake.Storage;

namespace Lake.S3;

/// <summary>
/// Streams one object to S3 with bounded memory: bytes collect in a part buffer; a full buffer becomes a part of a multipart
/// upload sent in the background (at most <see cref="S3StoreOptions.ParallelParts"/> at once, each with Content-MD5 and retries
/// from the same buffer). An object smaller than one part is sent as a single PutObject on completion. Any failure, or disposal
/// before completion, aborts the upload, so no partial object ever becomes visible.
/// </summary>
internal sealed class S3ObjectWriter : ObjectWriter
{
    private const int FirstBufferSize = 64 << 10;

    private readonly S3LakeStore _store;
    private readonly string _bucketKey;
    private readonly int _partSize;
    private readonly SemaphoreSlim _slots;
    private readonly Stack<byte[]> _spare = new();
    private readonly List<Task<PartETag>> _parts = [];
    private readonly List<byte[]> _partMd5s = [];
    // The whole object's MD5: some S3-compatible stores (s3rver) give a multipart object the plain MD5 as its ETag.
    private readonly IncrementalHash _md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
    private byte[] _buffer;
    private int _filled;
    private string? _uploadId;
    private volatile Exception? _failure;
    private bool _finished;

    public S3ObjectWriter(S3LakeStore store, string key, string bucketKey) : base(key)
    {
        _store = store;
        _bucketKey = bucketKey;
        _partSize = store.Options.PartSize;
        _slots = new SemaphoreSlim(store.Options.ParallelParts, store.Options.ParallelParts);
        // Small objects (most lake files) never hold a whole part's worth of memory: the buffer grows up to the part size.
        _buffer = new byte[Math.Min(FirstBufferSize, _partSize)];
    }

    private S3StoreOptions Options => _store.Options;
    private string Where => $"{_store.Location}/{Key}";

    protected override void WriteCore(ReadOnlySpan<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            ThrowIfFailed();
            var n = Append(buffer);
            buffer = buffer[n..];
            if (_filled == _partSize) SendPartAsync(last: false, CancellationToken.None).GetAwaiter().GetResult();
        }
    }

    protected override async ValueTask WriteCoreAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct)
    {
        while (!buffer.IsEmpty)
        {
            ThrowIfFailed();
            var n = Append(buffer.Span);
            buffer = buffer[n..];
            if (_filled == _partSize) await SendPartAsync(last: false, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Copies as much as fits into the current part, growing its buffer up to the part size.</summary>
    private int Append(ReadOnlySpan<byte> data)
    {
        var room = _buffer.Length - _filled;
        if (room < data.Length && _buffer.Length < _partSize)
        {
            var size = _buffer.Length;
            while (size - _filled < data.Length && size < _partSize) size = (int)Math.Min((long)size * 2, _partSize);
            Array.Resize(ref _buffer, size);
            room = _buffer.Length - _filled;
        }
        var n = Math.Min(room, data.Length);
        data[..n].CopyTo(_buffer.AsSpan(_filled));
        _filled += n;
        return n;
    }

    /// <summary>Hands the current buffer to a background upload once a slot is free, and continues in a spare buffer.</summary>
    private async Task SendPartAsync(bool last, CancellationToken ct)
    {
        _uploadId ??= await StartUploadAsync(ct).ConfigureAwait(false);
        await _slots.WaitAsync(ct).ConfigureAwait(false);
        var buffer = _buffer;
        var length = _filled;
        // Parts leave in order, so hashing each as it leaves covers the object; a single-put object never pays for this.
        _md5.AppendData(buffer.AsSpan(0, length));
        var number = _parts.Count + 1;
        lock (_partMd5s) _partMd5s.Add([]); // parts in flight fill in their digests concurrently
        _parts.Add(Task.Run(() => UploadPartAsync(number, buffer, length)));
        if (!last)
        {
            lock (_spare) _buffer = _spare.Count > 0 ? _spare.Pop() : new byte[_partSize];
            _filled = 0;
        }
    }

    private async Task<string> StartUploadAsync(CancellationToken ct)
    {
        var response = await _store.Retry.RunAsync($"start multipart upload of {Where}", c =>
        {
            var request = new InitiateMultipartUploadRequest { BucketName = Options.Bucket, Key = _bucketKey };
            _store.ApplyStorageSettings(request);
            return _store.Client.InitiateMultipartUploadAsync(request, c);
        }, ct).ConfigureAwait(false);
        return response.UploadId;
    }

    private async Task<PartETag> UploadPartAsync(int number, byte[] buffer, int length)
    {
        try
        {
            var digest = MD5.HashData(buffer.AsSpan(0, length));
            lock (_partMd5s) _partMd5s[number - 1] = digest;
            var md5 = Convert.ToBase64String(digest);
            // Each attempt sends a new stream over the same buffer: a retried part carries exactly the bytes of the first try.
            var what = $"upload part {number} of {Where}";
            var response = await _store.Retry.RunAsync(what, async c =>
            {
                var r = await _store.Client.UploadPartAsync(new UploadPartRequest
                {
                    BucketName = Options.Bucket,
                    Key = _bucketKey,
                    UploadId = _uploadId,
                    PartNumber = number,
                    InputStream = new MemoryStream(buffer, 0, length, writable: false),
                    PartSize = length,
                    MD5Digest = md5,
                    UseChunkEncoding = false,
                }, c).ConfigureAwait(false);
                _store.CheckETag(r.ETag, digest, what);
                return r;
            }, CancellationToken.None).ConfigureAwait(false);
            return new PartETag(number, response.ETag);
        }
        catch (Exception e)
        {
            _failure ??= e;
            throw;
        }
        finally
        {
            if (buffer.Length == _partSize) lock (_spare) _spare.Push(buffer);
            _slots.Release();
        }
    }

    private void ThrowIfFailed()
    {
        if (_failure is { } e) throw new IOException($"writing {Where} failed: {e.Message}", e);
    }

    protected override async Task CompleteCoreAsync(CancellationToken ct)
    {
        if (_uploadId is null)
        {
            ThrowIfFailed();
            await _store.PutObjectAsync(_bucketKey, _buffer.AsMemory(0, _filled), ct).ConfigureAwait(false);
            _finished = true;
            return;
        }
        try
        {
            ThrowIfFailed();
            if (_filled > 0) await SendPartAsync(last: true, ct).ConfigureAwait(false);
            var tags = await Task.WhenAll(_parts).ConfigureAwait(false);
            await CompleteUploadAsync(tags, ct).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // The upload goes at once, not at disposal: no part of a failed object should outlive the failure.
            await AbortUploadAsync().ConfigureAwait(false);
            if (e is IOException or OperationCanceledException) throw;
            throw new IOException($"writing {Where} failed: {e.Message}", e);
        }
        _finished = true;
    }

    private async Task CompleteUploadAsync(PartETag[] tags, CancellationToken ct)
    {
        var attempts = 0;
        try
        {
            await _store.Retry.RunAsync($"complete multipart upload of {Where}", async c =>
            {
                // A retry may follow a complete that succeeded but whose answer was lost: then the object is there already.
                if (attempts++ > 0 && await CompletedEarlierAsync(c).ConfigureAwait(false)) return;
                await _store.Client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
                {
                    BucketName = Options.Bucket,
                    Key = _bucketKey,
                    UploadId = _uploadId,
                    PartETags = [.. tags],
                }, c).ConfigureAwait(false);
            }, ct).ConfigureAwait(false);
        }
        catch (IOException e) when (e.InnerException is AmazonS3Exception { ErrorCode: "NoSuchUpload" })
        {
            // AWS answers a repeated complete with NoSuchUpload: the first one may have finished meanwhile.
            if (!await CompletedEarlierAsync(ct).ConfigureAwait(false)) throw;
        }
    }

    /// <summary>
    /// Whether the object exists as this upload's completion made it: the multipart ETag (MD5 of the parts' MD5s, then "-" and the
    /// part count), or the whole content's MD5 where a store gives that, names exactly these bytes. With SSE-KMS the ETag is no digest, so the size has to do.
    /// </summary>
    private async Task<bool> CompletedEarlierAsync(CancellationToken ct)
    {
        GetObjectMetadataResponse head;
        try
        {
            head = await _store.Client.GetObjectMetadataAsync(Options.Bucket, _bucketKey, ct).ConfigureAwait(false);
        }
        catch (AmazonS3Exception e) when (S3Retry.IsMissingObject(e))
        {
            return false;
        }
        if (head.ContentLength != Length) return false;
        if (Options.Encryption == S3Encryption.Kms) return true;
        byte[] all;
        lock (_partMd5s) all = [.. _partMd5s.SelectMany(m => m)];
        var etag = head.ETag?.Trim('"') ?? "";
        return string.Equals(etag, $"{Convert.ToHexStringLower(MD5.HashData(all))}-{_partMd5s.Count}", StringComparison.OrdinalIgnoreCase)
            || string.Equals(etag, Convert.ToHexStringLower(_md5.GetCurrentHash()), StringComparison.OrdinalIgnoreCase);
    }

    protected override async ValueTask AbortAsync()
    {
        if (_uploadId is not null && !_finished) await AbortUploadAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Waits for parts in flight, then aborts the upload so S3 drops its parts. Best effort: the original failure is what the caller
    /// needs to see, and a bucket lifecycle rule (AbortIncompleteMultipartUpload) is the backstop for an abort that cannot get through.
    /// </summary>
    private async Task AbortUploadAsync()
    {
        if (_finished || _uploadId is null) return;
        _finished = true;
        try { await Task.WhenAll(_parts).ConfigureAwait(false); }
        catch (Exception) { /* the parts' failure is already recorded; the upload goes either way */ }
        try
        {
            await _store.Retry.RunAsync($"abort multipart upload of {Where}", c => _store.Client.AbortMultipartUploadAsync(new AbortMultipartUploadRequest
            {
                BucketName = Options.Bucket,
                Key = _bucketKey,
                UploadId = _uploadId,
            }, c), CancellationToken.None).ConfigureAwait(false);
        }
        catch (IOException e) when (e.InnerException is AmazonS3Exception { ErrorCode: "NoSuchUpload" })
        {
            // NoSuchUpload: already aborted (a retried abort) or never known to the server.
        }
        catch (IOException e)
        {
            _store.Log?.Invoke($"s3: could not abort the multipart upload of {Where}: {e.Message}; its parts stay until the bucket's AbortIncompleteMultipartUpload lifecycle rule removes them");
        }
    }

    protected override ValueTask ReleaseAsync()
    {
        _slots.Dispose();
        _md5.Dispose();
        return ValueTask.CompletedTask;
    }
}

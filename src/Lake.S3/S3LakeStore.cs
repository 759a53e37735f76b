using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Lake.Storage;

namespace Lake.S3;

/// <summary>
/// A lake under an S3 prefix. S3 has no rename (<see cref="CanRename"/> is false): objects are written to their final key,
/// in one PutObject or a multipart upload, and appear whole when it completes; the commit log decides what is part of the lake.
/// </summary>
public sealed class S3LakeStore : ILakeStore, IDisposable
{
    private readonly IAmazonS3 _s3;
    private readonly string _root;

    public S3LakeStore(S3StoreOptions options, Action<string>? log = null)
    {
        Options = options.Validate();
        Log = log;
        _s3 = CreateClient(options);
        _root = options.Prefix.Length == 0 ? "" : options.Prefix + "/";
        Retry = new S3Retry(options, log);
    }

    public S3StoreOptions Options { get; }
    public string Location => Options.Location;
    public bool CanRename => false;
    internal Action<string>? Log { get; }
    internal S3Retry Retry { get; }
    internal IAmazonS3 Client => _s3;

    /// <summary>The SDK client for these options: the settings S3-compatible stores need, and no SDK-level retries (<see cref="S3Retry"/> retries).</summary>
    internal static AmazonS3Client CreateClient(S3StoreOptions options)
    {
        var config = new AmazonS3Config
        {
            ForcePathStyle = options.ForcePathStyle,
            // Checksums only where S3 requires them: we send Content-MD5 ourselves, and S3-compatible stores often reject the
            // SDK's trailing CRC checksums (aws-chunked bodies).
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            MaxErrorRetry = 0,
            // The SDK would otherwise retry resets of pooled connections on its own, unseen and outside the backoff.
            MaxStaleConnectionRetries = 0,
            Timeout = options.RequestTimeout,
        };
        if (options.HttpClientFactory is { } factory) config.HttpClientFactory = factory;
        if (options.ServiceUrl is { } url)
        {
            config.ServiceURL = url;
            config.AuthenticationRegion = options.Region ?? "us-east-1";
        }
        else if (options.Region is { } region)
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }
        if (options.AccessKeyId is { } id)
        {
            AWSCredentials credentials = options.SessionToken is { } token
                ? new SessionAWSCredentials(id, options.SecretAccessKey, token)
                : new BasicAWSCredentials(id, options.SecretAccessKey);
            return new AmazonS3Client(credentials, config);
        }
        return new AmazonS3Client(config);
    }

    /// <summary>The bucket key of a lake key.</summary>
    internal string BucketKey(string key) => _root + StoreKeys.Check(key);

    private string Where(string key) => $"{Location}/{key}";

    public Task<ObjectWriter> CreateAsync(string key, CancellationToken ct = default) =>
        Task.FromResult<ObjectWriter>(new S3ObjectWriter(this, key, BucketKey(key)));

    public Task PutAsync(string key, ReadOnlyMemory<byte> content, CancellationToken ct = default) =>
        PutObjectAsync(BucketKey(key), content, ct);

    internal async Task PutObjectAsync(string bucketKey, ReadOnlyMemory<byte> content, CancellationToken ct)
    {
        var digest = MD5.HashData(content.Span);
        var md5 = Convert.ToBase64String(digest);
        var what = $"PUT {Where(bucketKey[_root.Length..])}";
        await Retry.RunAsync(what, async c =>
        {
            var request = new PutObjectRequest
            {
                BucketName = Options.Bucket,
                Key = bucketKey,
                InputStream = AsStream(content),
                MD5Digest = md5,
                UseChunkEncoding = false,
                AutoCloseStream = true,
            };
            ApplyStorageSettings(request);
            var response = await _s3.PutObjectAsync(request, c).ConfigureAwait(false);
            CheckETag(response.ETag, digest, what);
        }, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// The second integrity check, for stores that ignore Content-MD5 (s3rver does): where the ETag is the MD5 of what the store
    /// kept (no SSE-KMS), it must be the MD5 of what was sent. A mismatch is thrown as an I/O error, so the request is retried.
    /// </summary>
    internal void CheckETag(string? etag, byte[] md5, string what)
    {
        if (Options.Encryption == S3Encryption.Kms || etag is null) return;
        var value = etag.Trim('"');
        if (value.Length != 32 || value.Contains('-', StringComparison.Ordinal)) return;
        if (!string.Equals(value, Convert.ToHexStringLower(md5), StringComparison.OrdinalIgnoreCase))
            throw new IOException($"{what}: the store kept other bytes than were sent (ETag {value}, MD5 sent {Convert.ToHexStringLower(md5)})");
    }

    internal void ApplyStorageSettings(PutObjectRequest r)
    {
        if (ServerSideEncryption is { } sse) r.ServerSideEncryptionMethod = sse;
        if (Options.KmsKeyId is { } kms) r.ServerSideEncryptionKeyManagementServiceKeyId = kms;
        if (Options.StorageClass is { } sc) r.StorageClass = S3StorageClass.FindValue(sc);
    }

    internal void ApplyStorageSettings(InitiateMultipartUploadRequest r)
    {
        if (ServerSideEncryption is { } sse) r.ServerSideEncryptionMethod = sse;
        if (Options.KmsKeyId is { } kms) r.ServerSideEncryptionKeyManagementServiceKeyId = kms;
        if (Options.StorageClass is { } sc) r.StorageClass = S3StorageClass.FindValue(sc);
    }

    private ServerSideEncryptionMethod? ServerSideEncryption => Options.Encryption switch
    {
        S3Encryption.S3 => ServerSideEncryptionMethod.AES256,
        S3Encryption.Kms => ServerSideEncryptionMethod.AWSKMS,
        _ => null,
    };

    public async Task<byte[]?> ReadAsync(string key, CancellationToken ct = default)
    {
        var bucketKey = BucketKey(key);
        try
        {
            // The body is read inside the retry, so a connection broken halfway is retried too.
            return await Retry.RunAsync($"GET {Where(key)}", async c =>
            {
                using var response = await _s3.GetObjectAsync(Options.Bucket, bucketKey, c).ConfigureAwait(false);
                using var buffer = new MemoryStream(response.ContentLength > 0 ? (int)Math.Min(response.ContentLength, int.MaxValue) : 0);
                await response.ResponseStream.CopyToAsync(buffer, c).ConfigureAwait(false);
                return buffer.ToArray();
            }, ct).ConfigureAwait(false);
        }
        catch (AmazonS3Exception e) when (S3Retry.IsMissingObject(e))
        {
            return null;
        }
    }

    public async Task<Stream> OpenReadAsync(string key, CancellationToken ct = default)
    {
        var bucketKey = BucketKey(key);
        try
        {
            var response = await Retry.RunAsync($"GET {Where(key)}", c => _s3.GetObjectAsync(Options.Bucket, bucketKey, c), ct).ConfigureAwait(false);
            return new ResponseStream(response);
        }
        catch (AmazonS3Exception e) when (S3Retry.IsMissingObject(e))
        {
            throw new FileNotFoundException($"no object '{key}' in the lake {Location}", key);
        }
    }

    public async IAsyncEnumerable<StoredObject> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken ct = default)
    {
        StoreKeys.CheckPrefix(prefix);
        // AWS lists in UTF-8 byte order, but S3-compatible stores need not (s3rver lists in its folders' order): the whole listing
        // is collected and sorted, so every store gives ordinal order. A zone of 100k objects costs ~10 MB here.
        var found = new List<StoredObject>();
        string? token = null;
        do
        {
            var page = await Retry.RunAsync($"LIST {Location}/{prefix}", c => _s3.ListObjectsV2Async(new ListObjectsV2Request
            {
                BucketName = Options.Bucket,
                Prefix = _root + prefix,
                ContinuationToken = token,
                MaxKeys = Options.ListPageSize,
            }, c), ct).ConfigureAwait(false);
            foreach (var o in page.S3Objects ?? [])
            {
                if (o.Key.EndsWith('/')) continue; // a "folder" marker some tools create
                found.Add(new StoredObject(o.Key[_root.Length..], o.Size ?? 0, o.LastModified?.ToUniversalTime()));
            }
            token = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (token is not null);
        found.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        foreach (var o in found) yield return o;
    }

    public async Task<StoredObject?> StatAsync(string key, CancellationToken ct = default)
    {
        var bucketKey = BucketKey(key);
        try
        {
            var head = await Retry.RunAsync($"HEAD {Where(key)}", c => _s3.GetObjectMetadataAsync(Options.Bucket, bucketKey, c), ct).ConfigureAwait(false);
            return new StoredObject(key, head.ContentLength, head.LastModified?.ToUniversalTime());
        }
        catch (AmazonS3Exception e) when (S3Retry.IsMissingObject(e))
        {
            return null;
        }
    }

    public Task DeleteAsync(string key, CancellationToken ct = default)
    {
        var bucketKey = BucketKey(key);
        // S3 answers 204 for a missing key too: deleting twice is not an error.
        return Retry.RunAsync($"DELETE {Where(key)}", c => _s3.DeleteObjectAsync(Options.Bucket, bucketKey, c), ct);
    }

    public Task RenameAsync(string from, string to, CancellationToken ct = default) =>
        throw new NotSupportedException($"S3 has no rename ({Location}); writers put objects under their final keys (CanRename is false)");

    public void Dispose() => _s3.Dispose();

    /// <summary>A fresh read-only, seekable stream over the bytes (the SDK reads the body twice: to sign it and to send it).</summary>
    internal static Stream AsStream(ReadOnlyMemory<byte> content) =>
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray(content, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(content.ToArray(), writable: false);

    /// <summary>A GetObject body that disposes the response (and its connection) with it.</summary>
    private sealed class ResponseStream(GetObjectResponse response) : Stream
    {
        private readonly Stream _inner = response.ResponseStream;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => response.ContentLength;
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);
        public override int Read(Span<byte> buffer) => _inner.Read(buffer);
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) => _inner.ReadAsync(buffer, ct);
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) => _inner.ReadAsync(buffer, offset, count, ct);
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) response.Dispose();
            base.Dispose(disposing);
        }
    }
}

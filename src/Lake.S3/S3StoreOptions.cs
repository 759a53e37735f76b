using System.Globalization;
using Amazon.Runtime;

namespace Lake.S3;

/// <summary>
/// Where and how a lake is kept on S3 or an S3-compatible store: bucket and prefix, endpoint, credentials, encryption, storage
/// class, multipart and retry settings. <see cref="ToString"/> never prints the secret key or session token.
/// </summary>
public sealed record S3StoreOptions
{
    /// <summary>S3 refuses parts below 5 MiB (except the last one).</summary>
    public const int MinPartSize = 5 << 20;
    public const int DefaultPartSize = 8 << 20;

    public required string Bucket { get; init; }
    /// <summary>The lake root inside the bucket, without leading or trailing '/'; empty for the bucket's root.</summary>
    public string Prefix { get; init; } = "";
    /// <summary>The AWS region (e.g. eu-west-1); null takes the SDK's default (AWS_REGION, profile), or us-east-1 with an endpoint.</summary>
    public string? Region { get; init; }
    /// <summary>An endpoint for S3-compatible stores (e.g. http://127.0.0.1:9000); null for AWS S3.</summary>
    public string? ServiceUrl { get; init; }
    /// <summary>Path-style addressing (endpoint/bucket/key), which most S3-compatible stores need.</summary>
    public bool ForcePathStyle { get; init; }
    /// <summary>Explicit credentials; when null the AWS default chain is used (environment, profile, container and instance roles).</summary>
    public string? AccessKeyId { get; init; }
    public string? SecretAccessKey { get; init; }
    public string? SessionToken { get; init; }
    public S3Encryption Encryption { get; init; } = S3Encryption.None;
    /// <summary>The KMS key for <see cref="S3Encryption.Kms"/>; null uses the bucket's default AWS-managed key.</summary>
    public string? KmsKeyId { get; init; }
    /// <summary>e.g. STANDARD, INTELLIGENT_TIERING, STANDARD_IA; null leaves the bucket's default.</summary>
    public string? StorageClass { get; init; }
    /// <summary>Bytes per multipart part, and the size up to which an object is sent in one PutObject.</summary>
    public int PartSize { get; init; } = DefaultPartSize;
    /// <summary>Parts of one object uploaded at the same time; memory per writer is at most (this + 1) x <see cref="PartSize"/>.</summary>
    public int ParallelParts { get; init; } = 4;
    /// <summary>Retries of one request after a 5xx, throttling, a timeout or a broken connection (not after 4xx).</summary>
    public int MaxRetries { get; init; } = 8;
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(100);
    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromSeconds(10);
    /// <summary>One HTTP request's limit; a request that takes longer is abandoned and retried.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(120);
    /// <summary>Keys per ListObjectsV2 page (S3's maximum is 1000); smaller pages only make more requests.</summary>
    public int ListPageSize { get; init; } = 1000;
    /// <summary>Creates the SDK's HTTP clients: a proxy, or a test's fault layer. Null for the SDK's own.</summary>
    public HttpClientFactory? HttpClientFactory { get; init; }

    /// <summary>The lake's location in the form users write it.</summary>
    public string Location => Prefix.Length == 0 ? $"s3://{Bucket}" : $"s3://{Bucket}/{Prefix}";

    /// <summary>True for <c>s3://...</c> locations.</summary>
    public static bool IsS3(string location) => location.StartsWith("s3://", StringComparison.OrdinalIgnoreCase);

    /// <summary>Bucket and prefix from <c>s3://bucket[/prefix]</c>, other settings at their defaults.</summary>
    public static S3StoreOptions FromUri(string location)
    {
        if (!IsS3(location)) throw new ArgumentException($"'{location}' is not an s3://bucket/prefix location", nameof(location));
        var rest = location["s3://".Length..].Trim('/');
        var slash = rest.IndexOf('/');
        var bucket = slash < 0 ? rest : rest[..slash];
        var prefix = slash < 0 ? "" : rest[(slash + 1)..];
        if (bucket.Length == 0) throw new ArgumentException($"'{location}' names no bucket; write s3://bucket/prefix", nameof(location));
        return new S3StoreOptions { Bucket = bucket, Prefix = prefix };
    }

    /// <summary>
    /// <see cref="FromUri"/> plus settings from the environment: LAKE_S3_ENDPOINT (else AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL),
    /// LAKE_S3_PATH_STYLE (default true with an endpoint), AWS_REGION, LAKE_S3_ACCESS_KEY_ID + LAKE_S3_SECRET_ACCESS_KEY (else the
    /// AWS default chain), LAKE_S3_SSE (AES256 or aws:kms), LAKE_S3_KMS_KEY_ID, LAKE_S3_STORAGE_CLASS, LAKE_S3_PART_SIZE_MIB,
    /// LAKE_S3_PARALLEL_PARTS, LAKE_S3_MAX_RETRIES.
    /// </summary>
    public static S3StoreOptions FromEnvironment(string location, Func<string, string?>? environment = null)
    {
        var env = environment ?? Environment.GetEnvironmentVariable;
        string? Get(string name) => env(name) is { Length: > 0 } v ? v : null;
        var o = FromUri(location);
        var endpoint = Get("LAKE_S3_ENDPOINT") ?? Get("AWS_ENDPOINT_URL_S3") ?? Get("AWS_ENDPOINT_URL");
        o = o with
        {
            ServiceUrl = endpoint,
            ForcePathStyle = Get("LAKE_S3_PATH_STYLE") is { } ps ? Bool(ps, "LAKE_S3_PATH_STYLE") : endpoint is not null,
            Region = Get("AWS_REGION") ?? Get("AWS_DEFAULT_REGION"),
            AccessKeyId = Get("LAKE_S3_ACCESS_KEY_ID"),
            SecretAccessKey = Get("LAKE_S3_SECRET_ACCESS_KEY"),
            SessionToken = Get("LAKE_S3_SESSION_TOKEN"),
            Encryption = Get("LAKE_S3_SSE") switch
            {
                null or "none" => S3Encryption.None,
                "AES256" or "aes256" or "s3" => S3Encryption.S3,
                "aws:kms" or "kms" => S3Encryption.Kms,
                var other => throw new ArgumentException($"LAKE_S3_SSE '{other}' is not none, AES256 or aws:kms"),
            },
            KmsKeyId = Get("LAKE_S3_KMS_KEY_ID"),
            StorageClass = Get("LAKE_S3_STORAGE_CLASS"),
        };
        if (Get("LAKE_S3_PART_SIZE_MIB") is { } mib) o = o with { PartSize = checked(Int(mib, "LAKE_S3_PART_SIZE_MIB") << 20) };
        if (Get("LAKE_S3_PARALLEL_PARTS") is { } pp) o = o with { ParallelParts = Int(pp, "LAKE_S3_PARALLEL_PARTS") };
        if (Get("LAKE_S3_MAX_RETRIES") is { } mr) o = o with { MaxRetries = Int(mr, "LAKE_S3_MAX_RETRIES") };
        return o;
    }

    /// <summary>Throws <see cref="ArgumentException"/> for settings S3 would refuse or that make no sense together.</summary>
    public S3StoreOptions Validate()
    {
        if (string.IsNullOrWhiteSpace(Bucket)) throw new ArgumentException("an S3 lake needs a bucket");
        if (Prefix.StartsWith('/') || Prefix.EndsWith('/')) throw new ArgumentException($"the prefix '{Prefix}' must not start or end with '/'");
        if (PartSize < MinPartSize) throw new ArgumentException($"part size {PartSize} bytes is below S3's minimum of 5 MiB");
        if (ParallelParts is < 1 or > 64) throw new ArgumentException($"parallel parts {ParallelParts} must be between 1 and 64");
        if (ListPageSize is < 1 or > 1000) throw new ArgumentException($"list page size {ListPageSize} must be between 1 and 1000");
        if (MaxRetries is < 0 or > 50) throw new ArgumentException($"max retries {MaxRetries} must be between 0 and 50");
        if ((AccessKeyId is null) != (SecretAccessKey is null)) throw new ArgumentException("give both an access key id and a secret access key, or neither (then the AWS default chain is used)");
        if (KmsKeyId is not null && Encryption != S3Encryption.Kms) throw new ArgumentException("a KMS key id needs SSE-KMS encryption");
        return this;
    }

    /// <summary>Every setting except secrets: the secret key and session token show only whether they are set.</summary>
    public override string ToString() =>
        $"S3StoreOptions {{ Location = {Location}, Region = {Region ?? "(default)"}, ServiceUrl = {ServiceUrl ?? "(AWS)"}, ForcePathStyle = {ForcePathStyle}, "
        + $"Credentials = {(AccessKeyId is null ? "AWS default chain" : $"access key {AccessKeyId}, secret key {(SecretAccessKey is null ? "not set" : "set (hidden)")}")}"
        + $"{(SessionToken is null ? "" : ", session token set (hidden)")}, Encryption = {Encryption}{(KmsKeyId is null ? "" : $" ({KmsKeyId})")}, "
        + $"StorageClass = {StorageClass ?? "(bucket default)"}, PartSize = {PartSize}, ParallelParts = {ParallelParts}, MaxRetries = {MaxRetries} }}";

    private static bool Bool(string value, string name) => value.ToLowerInvariant() switch
    {
        "1" or "true" or "yes" => true,
        "0" or "false" or "no" => false,
        _ => throw new ArgumentException($"{name} '{value}' is not true or false"),
    };

    private static int Int(string value, string name) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : throw new ArgumentException($"{name} '{value}' is not a whole number");
}

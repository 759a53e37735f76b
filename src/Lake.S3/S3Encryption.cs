namespace Lake.S3;

/// <summary>Server-side encryption of the lake's objects.</summary>
public enum S3Encryption
{
    /// <summary>The bucket's default.</summary>
    None,
    /// <summary>SSE-S3 (AES256, keys managed by S3).</summary>
    S3,
    /// <summary>SSE-KMS, with <see cref="S3StoreOptions.KmsKeyId"/> or the AWS-managed key.</summary>
    Kms,
}

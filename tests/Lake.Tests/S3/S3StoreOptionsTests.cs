using Lake.S3;

namespace Lake.Tests.S3;

/// <summary>How an S3 lake is configured: from its location and the environment, checked before any request, sent on every write.</summary>
public sealed class S3StoreOptionsTests(S3Server server)
{
    [Fact]
    public void An_s3_location_gives_bucket_and_prefix_and_the_environment_the_rest()
    {
        var env = new Dictionary<string, string>
        {
            ["LAKE_S3_ENDPOINT"] = "http://127.0.0.1:9000",
            ["AWS_REGION"] = "eu-west-3",
            ["LAKE_S3_ACCESS_KEY_ID"] = "AKID",
            ["LAKE_S3_SECRET_ACCESS_KEY"] = "not-to-be-printed",
            ["LAKE_S3_SSE"] = "aws:kms",
            ["LAKE_S3_KMS_KEY_ID"] = "alias/lake",
            ["LAKE_S3_STORAGE_CLASS"] = "STANDARD_IA",
            ["LAKE_S3_PART_SIZE_MIB"] = "16",
            ["LAKE_S3_PARALLEL_PARTS"] = "2",
            ["LAKE_S3_MAX_RETRIES"] = "3",
        };
        var o = S3StoreOptions.FromEnvironment("s3://my-bucket/lakes/shop/", env.GetValueOrDefault).Validate();

        Assert.Equal(("my-bucket", "lakes/shop"), (o.Bucket, o.Prefix));
        Assert.Equal("s3://my-bucket/lakes/shop", o.Location);
        Assert.Equal(("http://127.0.0.1:9000", true, "eu-west-3"), (o.ServiceUrl, o.ForcePathStyle, o.Region));
        Assert.Equal((S3Encryption.Kms, "alias/lake", "STANDARD_IA"), (o.Encryption, o.KmsKeyId, o.StorageClass));
        Assert.Equal((16 << 20, 2, 3), (o.PartSize, o.ParallelParts, o.MaxRetries));
        Assert.Equal(("AKID", "not-to-be-printed"), (o.AccessKeyId, o.SecretAccessKey));
        Assert.DoesNotContain("not-to-be-printed", o.ToString(), StringComparison.Ordinal);
        Assert.Contains("access key AKID, secret key set (hidden)", o.ToString(), StringComparison.Ordinal);

        var aws = S3StoreOptions.FromEnvironment("s3://b", _ => null);
        Assert.Equal(("b", "", null, false, null), (aws.Bucket, aws.Prefix, aws.ServiceUrl, aws.ForcePathStyle, aws.AccessKeyId));
        Assert.Contains("AWS default chain", aws.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("s3://", "names no bucket")]
    [InlineData("/tmp/lake", "is not an s3://bucket/prefix location")]
    public void A_location_without_a_bucket_is_refused(string location, string message) =>
        Assert.Contains(message, Assert.Throws<ArgumentException>(() => S3StoreOptions.FromUri(location)).Message, StringComparison.Ordinal);

    [Fact]
    public void Settings_s3_would_refuse_are_refused_before_any_request()
    {
        var ok = S3StoreOptions.FromUri("s3://b/p");
        Assert.Contains("5 MiB", Assert.Throws<ArgumentException>(() => (ok with { PartSize = 4 << 20 }).Validate()).Message, StringComparison.Ordinal);
        Assert.Contains("parallel parts", Assert.Throws<ArgumentException>(() => (ok with { ParallelParts = 0 }).Validate()).Message, StringComparison.Ordinal);
        Assert.Contains("KMS key id", Assert.Throws<ArgumentException>(() => (ok with { KmsKeyId = "k" }).Validate()).Message, StringComparison.Ordinal);
        Assert.Contains("both", Assert.Throws<ArgumentException>(() => (ok with { AccessKeyId = "a" }).Validate()).Message, StringComparison.Ordinal);
        Assert.Contains("LAKE_S3_SSE", Assert.Throws<ArgumentException>(() => S3StoreOptions.FromEnvironment("s3://b", n => n == "LAKE_S3_SSE" ? "rot13" : null)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_write_carries_content_md5_encryption_and_storage_class_and_no_aws_chunked_body()
    {
        var tracker = new FaultyHttp(seed: 0, rate: 0);
        using var store = new S3LakeStore(server.Options(server.NewBucket()) with
        {
            Encryption = S3Encryption.Kms,
            KmsKeyId = "alias/lake-test",
            StorageClass = "STANDARD_IA",
            PartSize = S3StoreOptions.MinPartSize,
            HttpClientFactory = tracker,
        });
        await store.PutAsync("small.json", "{}"u8.ToArray());
        await using (var writer = await store.CreateAsync("large.bin"))
        {
            await writer.WriteAsync(new byte[6 << 20]);
            await writer.CompleteAsync();
        }

        var requests = tracker.Headers.ToList();
        var put = Assert.Single(requests, r => r.StartsWith("PUT ", StringComparison.Ordinal) && r.Contains("/small.json\n", StringComparison.Ordinal));
        var start = Assert.Single(requests, r => r.StartsWith("POST ", StringComparison.Ordinal) && r.Contains("?uploads", StringComparison.Ordinal));
        var parts = requests.Where(r => r.StartsWith("PUT ", StringComparison.Ordinal) && r.Contains("partNumber=", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, parts.Count);
        foreach (var r in new[] { put, start })
        {
            Assert.Contains("x-amz-server-side-encryption: aws:kms", r, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("x-amz-server-side-encryption-aws-kms-key-id: alias/lake-test", r, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("x-amz-storage-class: STANDARD_IA", r, StringComparison.OrdinalIgnoreCase);
        }
        foreach (var r in parts.Append(put))
        {
            Assert.Contains("Content-MD5: ", r, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("aws-chunked", r, StringComparison.OrdinalIgnoreCase);
        }
    }
}

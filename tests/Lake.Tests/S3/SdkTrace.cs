namespace Lake.Tests.S3;

/// <summary>Tests that switch the AWS SDK's process-wide logging on: they run one at a time.</summary>
[CollectionDefinition(nameof(SdkTrace), DisableParallelization = true)]
public sealed class SdkTrace;

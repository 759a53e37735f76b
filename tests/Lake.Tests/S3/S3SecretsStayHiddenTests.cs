using System.Diagnostics;
using System.Text;
using Amazon;
using Lake.S3;
using Lake.Tests.Cli;

namespace Lake.Tests.S3;

/// <summary>
/// A secret key given in configuration appears nowhere a person or a log collector could read it: not in the store's log, the
/// AWS SDK's own trace at every level, exception messages and stack traces, the options' ToString, the requests sent, or the CLI's
/// output and help. Each channel is checked to carry content, so the test cannot pass by capturing nothing.
/// </summary>
[Collection(nameof(SdkTrace))]
public sealed class S3SecretsStayHiddenTests(S3Server server)
{
    [Fact]
    public async Task A_configured_secret_key_never_appears_in_logs_errors_requests_or_tostring()
    {
        var secret = server.Secret;
        var seen = new StringBuilder();
        var sdkTrace = new StringWriter();
        var listener = new TextWriterTraceListener(sdkTrace) { Name = "lake-secret-test", TraceOutputOptions = TraceOptions.None };
        var logging = AWSConfigs.LoggingConfig;
        var (logTo, responses, metrics) = (logging.LogTo, logging.LogResponses, logging.LogMetrics);
        logging.LogTo = LoggingOptions.SystemDiagnostics;
        logging.LogResponses = ResponseLoggingOption.Always;
        logging.LogMetrics = true;
        AWSConfigs.AddTraceListener("Amazon", listener);
        var faults = new FaultyHttp(seed: 5, rate: 0.3)
        {
            AlwaysFail = r => r.RequestUri!.AbsolutePath.EndsWith("/always-fails.json", StringComparison.Ordinal),
        };
        try
        {
            var options = server.Options(server.NewBucket()) with { HttpClientFactory = faults, MaxRetries = 2, SessionToken = null };
            using var store = new S3LakeStore(options, line => { lock (seen) seen.AppendLine(line); });
            seen.AppendLine(options.ToString());
            seen.AppendLine(store.Options.ToString());
            for (var i = 0; i < 20; i++) await store.PutAsync($"k/{i}.json", Encoding.UTF8.GetBytes("{}"));
            await foreach (var o in store.ListAsync("k/")) await store.ReadAsync(o.Key);
            seen.AppendLine((await Assert.ThrowsAsync<IOException>(() => store.PutAsync("k/always-fails.json", new byte[1]))).ToString());
            using var wrong = new S3LakeStore(options with { Bucket = "no-such-bucket-here" }, line => { lock (seen) seen.AppendLine(line); });
            seen.AppendLine((await Assert.ThrowsAsync<IOException>(() => wrong.PutAsync("x.json", new byte[1]))).ToString());
            seen.AppendLine(Assert.Throws<ArgumentException>(() => (options with { AccessKeyId = null }).Validate()).ToString());
        }
        finally
        {
            AWSConfigs.RemoveTraceListener("Amazon", listener.Name);
            (logging.LogTo, logging.LogResponses, logging.LogMetrics) = (logTo, responses, metrics);
            listener.Flush();
        }
        var trace = sdkTrace.ToString();
        var headers = string.Join('\n', faults.Headers);

        Assert.True(faults.Faults > 5, "the fault layer made the store retry and fail");
        Assert.Contains("retry 1 of 2", seen.ToString(), StringComparison.Ordinal);
        Assert.Contains("NoSuchBucket", seen.ToString(), StringComparison.Ordinal);
        Assert.Contains("secret key set (hidden)", seen.ToString(), StringComparison.Ordinal);
        Assert.True(trace.Length > 1000, $"the SDK's trace was captured ({trace.Length} chars)");
        Assert.Contains("Credential=" + S3Server.AccessKey + "/", headers, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, seen.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(secret, trace, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, headers, StringComparison.Ordinal);
    }

    [Fact]
    public void The_cli_never_prints_the_secret_key_from_the_environment_in_output_errors_or_help()
    {
        // The fixture put the secret into LAKE_S3_SECRET_ACCESS_KEY; every command below reads it.
        Assert.Equal(server.Secret, Environment.GetEnvironmentVariable("LAKE_S3_SECRET_ACCESS_KEY"));
        using var folder = new TempFolder();
        var input = folder["one.ndjson"];
        File.WriteAllText(input, "{\"not\":\"an event\"}\n");
        var outcomes = new[]
        {
            LakeCli.InProcess("ingest", "--pipeline", Repo.Pipeline("shop"), "--source", "files:" + input, "--lake", "s3://no-such-bucket-here/lake"),
            LakeCli.InProcess("verify", "--lake", "s3://no-such-bucket-here/lake"),
            LakeCli.InProcess("query", "--lake", "s3://no-such-bucket-here/lake", "--cache", folder["cache"], "SELECT 1"),
            LakeCli.InProcess("ingest", "--help"),
            LakeCli.InProcess("verify", "--help"),
            LakeCli.InProcess("query", "--help"),
        };
        Assert.All(outcomes.Take(3), o => Assert.Contains("NoSuchBucket", o.Err, StringComparison.Ordinal));
        Assert.All(outcomes.Skip(3), o => Assert.Contains("LAKE_S3_SECRET_ACCESS_KEY", o.Out, StringComparison.Ordinal));
        Assert.All(outcomes, o => Assert.DoesNotContain(server.Secret, o.Out + o.Err, StringComparison.Ordinal));
    }
}

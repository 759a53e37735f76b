using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using Amazon.S3;

namespace Lake.S3;

/// <summary>
/// Runs one S3 request with retries: exponential backoff with jitter after 5xx, throttling (503 SlowDown, 429), request
/// timeouts and broken connections; never after other 4xx. The request is rebuilt for every attempt, so a body is sent again
/// from the same bytes. The SDK's own retries are off (one retry layer, one budget, one log).
/// </summary>
internal sealed class S3Retry(S3StoreOptions options, Action<string>? log)
{
    private readonly Random _jitter = new();

    public async Task<T> RunAsync<T>(string what, Func<CancellationToken, Task<T>> request, CancellationToken ct, Func<Exception, int, bool>? retryAlso = null)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await request(ct).ConfigureAwait(false);
            }
            catch (Exception e) when (!ct.IsCancellationRequested && attempt < options.MaxRetries && (IsTransient(e) || retryAlso?.Invoke(e, attempt) == true))
            {
                var delay = Delay(attempt);
                log?.Invoke($"s3: {what} failed ({Describe(e)}); retry {attempt + 1} of {options.MaxRetries} in {delay.TotalMilliseconds:F0} ms");
                await Task.Delay(delay, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (!ct.IsCancellationRequested && !IsMissingObject(e))
            {
                // Only the SDK's message and error code: request headers (and with them any credential) are never included.
                throw new IOException($"S3 {what} failed{(IsTransient(e) ? $" after {attempt + 1} attempts" : "")}: {Describe(e)}", e);
            }
        }
    }

    public Task RunAsync(string what, Func<CancellationToken, Task> request, CancellationToken ct) =>
        RunAsync<bool>(what, async c => { await request(c).ConfigureAwait(false); return true; }, ct);

    /// <summary>Equal jitter: half the exponential step plus a random share of the other half, so retries of many writers spread out.</summary>
    private TimeSpan Delay(int attempt)
    {
        var step = Math.Min(options.RetryMaxDelay.TotalMilliseconds, options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, attempt));
        double random;
        lock (_jitter) random = _jitter.NextDouble();
        return TimeSpan.FromMilliseconds(step / 2 + random * step / 2);
    }

    /// <summary>
    /// A missing key: NoSuchKey, or a 404 without an error code (HEAD answers have no body). Callers turn it into null or
    /// FileNotFoundException; a missing bucket (NoSuchBucket) is a configuration error and stays an error.
    /// </summary>
    public static bool IsMissingObject(Exception e) =>
        e is AmazonS3Exception { StatusCode: HttpStatusCode.NotFound } s && (s.ErrorCode is null or "" or "NoSuchKey" or "NotFound");

    public static bool IsTransient(Exception e)
    {
        for (var x = e; x is not null; x = x.InnerException)
        {
            switch (x)
            {
                case AmazonServiceException s when (int)s.StatusCode >= 500 || s.StatusCode == HttpStatusCode.TooManyRequests
                    || s.ErrorCode is "SlowDown" or "RequestTimeout" or "InternalError" or "ServiceUnavailable" or "Throttling" or "BadDigest" or "RequestTimeTooSkewed":
                    return true;
                case AmazonServiceException s when s.StatusCode != 0:
                    return false; // an answer from S3 that retrying will not change; without a status there was no answer
                case HttpRequestException or IOException or SocketException or TimeoutException:
                    return true;
                case OperationCanceledException:
                    return true; // the caller's own cancellation is excluded before this is asked: here it is an HTTP timeout
            }
        }
        return false;
    }

    public static string Describe(Exception e)
    {
        for (var x = e; x is not null; x = x.InnerException)
        {
            if (x is AmazonServiceException s) return $"{(int)s.StatusCode} {s.ErrorCode}: {s.Message}";
        }
        var root = e;
        while (root is AmazonClientException { InnerException: { } inner }) root = inner;
        if (root is OperationCanceledException) return "the request timed out";
        // Each level of a transport failure says something (HttpRequestException: what failed; IOException: why).
        var parts = new List<string>();
        for (var x = root; x is not null; x = x.InnerException) parts.Add($"{x.GetType().Name}: {x.Message}");
        return string.Join(" <- ", parts);
    }
}

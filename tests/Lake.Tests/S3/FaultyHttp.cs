using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Amazon.Runtime;

namespace Lake.Tests.S3;

/// <summary>
/// An HTTP fault layer in the SDK's pipeline (its HttpClientFactory). A seeded share of requests fails: 500 InternalError, 503
/// SlowDown, a timeout, a connection reset before sending, or a reset after the server applied the request (the answer is lost).
/// Which attempt of which request fails depends only on the seed, the request (method, path, query) and how many times it was
/// sent, not on timing. It also records what a test needs to see: multipart uploads started, completed and aborted, every body
/// sent for each part, and all request headers.
/// </summary>
internal sealed partial class FaultyHttp(int seed, double rate) : HttpClientFactory
{
    private readonly ConcurrentDictionary<string, int> _sent = new();
    private readonly int _seed = seed;
    private readonly double _rate = rate;

    /// <summary>Requests this matches fail with 500 every time (a failure for good).</summary>
    public Func<HttpRequestMessage, bool>? AlwaysFail { get; init; }
    /// <summary>Requests this matches (first attempt only) hang until the HTTP client's timeout.</summary>
    public Func<HttpRequestMessage, bool>? HangOnce { get; init; }
    /// <summary>Requests this matches (first attempt only) reach the server with one byte of their body changed.</summary>
    public Func<HttpRequestMessage, bool>? CorruptOnce { get; init; }
    /// <summary>Requests this matches (first attempt only) reach the server, but their answer is lost (a reset).</summary>
    public Func<HttpRequestMessage, bool>? LoseAnswerOnce { get; init; }

    public int Requests;
    public int Faults;
    public ConcurrentBag<string> Started { get; } = [];
    public ConcurrentBag<string> Completed { get; } = [];
    public ConcurrentBag<string> AbortsSent { get; } = [];
    /// <summary>MD5 of every body sent per (upload id, part number), retries included.</summary>
    public ConcurrentDictionary<string, ConcurrentBag<string>> PartBodies { get; } = new();
    public ConcurrentQueue<string> Headers { get; } = new();

    public override HttpClient CreateHttpClient(IClientConfig clientConfig) =>
        new(new Handler(this) { InnerHandler = new SocketsHttpHandler() }) { Timeout = clientConfig.Timeout ?? TimeSpan.FromSeconds(100) };

    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => true;
    public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;
    // Cached per SDK client, never shared with clients that have no fault layer.
    public override string? GetConfigUniqueString(IClientConfig clientConfig) => null;

    private static string Query(Uri uri, string name) => Regex.Match(uri.Query, $"[?&]{name}=([^&]*)") is { Success: true } m ? Uri.UnescapeDataString(m.Groups[1].Value) : "";

    [GeneratedRegex("<UploadId>([^<]+)</UploadId>")]
    private static partial Regex UploadIdXml();

    private sealed class Handler(FaultyHttp owner) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            Interlocked.Increment(ref owner.Requests);
            var uri = request.RequestUri!;
            owner.Headers.Enqueue(request.Method + " " + uri + "\n" + request.Headers + request.Content?.Headers);
            var uploadId = Query(uri, "uploadId");
            var isPart = request.Method == HttpMethod.Put && uploadId.Length > 0;
            if (isPart && request.Content is not null)
            {
                await request.Content.LoadIntoBufferAsync(ct);
                var md5 = Convert.ToHexStringLower(MD5.HashData(await request.Content.ReadAsByteArrayAsync(ct)));
                owner.PartBodies.GetOrAdd(uploadId + "#" + Query(uri, "partNumber"), _ => []).Add(md5);
            }
            if (request.Method == HttpMethod.Delete && uploadId.Length > 0) owner.AbortsSent.Add(uploadId);

            // The bucket (a fresh name per test) and the server's random upload id are left out, so the same request meets the same
            // fate in every run.
            var id = $"{request.Method} {uri.AbsolutePath[(uri.AbsolutePath.IndexOf('/', 1) is var slash and > 0 ? slash : uri.AbsolutePath.Length)..]}?{string.Join('&', uri.Query.TrimStart('?').Split('&').Where(p => !p.StartsWith("X-Amz-", StringComparison.OrdinalIgnoreCase) && !p.StartsWith("uploadId=", StringComparison.Ordinal)).Order(StringComparer.Ordinal))}";
            var attempt = owner._sent.AddOrUpdate(id, 1, (_, n) => n + 1);
            if (owner.AlwaysFail?.Invoke(request) == true)
            {
                Interlocked.Increment(ref owner.Faults);
                return Error(HttpStatusCode.InternalServerError, "InternalError");
            }
            if (attempt == 1 && owner.HangOnce?.Invoke(request) == true)
            {
                Interlocked.Increment(ref owner.Faults);
                await Task.Delay(Timeout.Infinite, ct); // the HTTP client's timeout cancels this
            }
            if (attempt == 1 && request.Content is not null && owner.CorruptOnce?.Invoke(request) == true)
            {
                Interlocked.Increment(ref owner.Faults);
                var body = await request.Content.ReadAsByteArrayAsync(ct);
                body[body.Length / 2] ^= 0xff;
                var corrupt = new ByteArrayContent(body);
                foreach (var h in request.Content.Headers) corrupt.Headers.TryAddWithoutValidation(h.Key, h.Value);
                request.Content = corrupt;
                return await Observe(request, ct);
            }
            if (attempt == 1 && owner.LoseAnswerOnce?.Invoke(request) == true)
            {
                Interlocked.Increment(ref owner.Faults);
                using (await Observe(request, ct)) { }
                throw Reset();
            }
            var draw = SHA256.HashData(Encoding.UTF8.GetBytes($"{owner._seed}|{id}|{attempt}"));
            var fails = BitConverter.ToUInt32(draw, 0) / (double)uint.MaxValue < owner._rate;
            if (!fails) return await Observe(request, ct);
            Interlocked.Increment(ref owner.Faults);
            switch (draw[4] % 5)
            {
                case 0: return Error(HttpStatusCode.InternalServerError, "InternalError");
                case 1: return Error(HttpStatusCode.ServiceUnavailable, "SlowDown");
                case 2: throw new TaskCanceledException("the request timed out (injected)", new TimeoutException());
                case 3: throw Reset();
                default:
                    // The server does the work; the client never hears of it, and must cope with a retry of something done.
                    using (await Observe(request, ct)) { }
                    throw Reset();
            }
        }

        private async Task<HttpResponseMessage> Observe(HttpRequestMessage request, CancellationToken ct)
        {
            var response = await base.SendAsync(request, ct);
            var uri = request.RequestUri!;
            if (response.IsSuccessStatusCode && request.Method == HttpMethod.Post)
            {
                if (uri.Query.Contains("uploads", StringComparison.Ordinal))
                {
                    await response.Content.LoadIntoBufferAsync(ct);
                    if (UploadIdXml().Match(await response.Content.ReadAsStringAsync(ct)) is { Success: true } m) owner.Started.Add(m.Groups[1].Value);
                }
                else if (Query(uri, "uploadId") is { Length: > 0 } id) owner.Completed.Add(id);
            }
            return response;
        }

        private static HttpRequestException Reset() =>
            new("connection reset (injected)", new IOException("Connection reset by peer", new SocketException((int)SocketError.ConnectionReset)));

        private static HttpResponseMessage Error(HttpStatusCode status, string code) => new(status)
        {
            Content = new StringContent($"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{code}</Code><Message>injected {code}</Message><RequestId>fault</RequestId></Error>", Encoding.UTF8, "application/xml"),
        };
    }
}

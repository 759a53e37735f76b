using System.Text.RegularExpressions;
using Hangfire;
using Lake.Pipelines;
using Lake.Serve;
using Lake.Serve.Jobs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Lake.Tests.Serve;

/// <summary>A <c>lake serve</c> host in this process on a free port, with 1 s polling, and an HTTP client for it.</summary>
internal sealed class ServeHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<string> _log;

    private ServeHost(WebApplication app, ServeOptions options, List<string> log)
    {
        _app = app;
        Options = options;
        _log = log;
    }

    public ServeOptions Options { get; }
    public Uri Address { get; private set; } = null!;
    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };
    /// <summary>The lines the server wrote to its operator log so far.</summary>
    public IReadOnlyList<string> Lines { get { lock (_log) return [.. _log]; } }
    public JobStorage Storage => _app.Services.GetRequiredService<JobStorage>();
    public IBackgroundJobClient Jobs => _app.Services.GetRequiredService<IBackgroundJobClient>();

    public static async Task<ServeHost> StartAsync(PipelineDefinition pipeline, string lake, Func<ServeOptions, ServeOptions>? adjust = null, LakeJobRegistry? jobs = null)
    {
        var log = new List<string>();
        var options = new ServeOptions
        {
            Pipeline = pipeline,
            Lake = lake,
            Urls = ["http://127.0.0.1:0"],
            PollInterval = TimeSpan.FromSeconds(1),
            SessionTimeoutMs = 6000,
            RetryDelaysSeconds = [1, 1],
            Log = line => { lock (log) log.Add(line); },
        };
        options = adjust?.Invoke(options) ?? options;
        var app = LakeServer.Build(options, jobs);
        var host = new ServeHost(app, options, log);
        await app.StartAsync();
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        // A wildcard bind (0.0.0.0) is reached through loopback here.
        host.Address = new Uri(bound.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal).Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
        return host;
    }

    public async Task<HttpResponseMessage> GetAsync(string path, string? basicAuth = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Address, path));
        if (basicAuth is not null) request.Headers.Authorization = new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(basicAuth)));
        return await Http.SendAsync(request);
    }

    /// <summary>The samples of one metric from /metrics, by their label text (e.g. <c>type="order_placed",version="1"</c>; empty when unlabelled).</summary>
    public async Task<Dictionary<string, double>> MetricAsync(string name)
    {
        var text = await Http.GetStringAsync(new Uri(Address, "/metrics"));
        var samples = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (Match m in Regex.Matches(text, $@"^{Regex.Escape(name)}(?:\{{(?<labels>[^}}]*)\}})? (?<value>\S+)$", RegexOptions.Multiline))
            samples[m.Groups["labels"].Value] = double.Parse(m.Groups["value"].Value, System.Globalization.CultureInfo.InvariantCulture);
        return samples;
    }

    /// <summary>Waits until the job reaches a final state; returns that state's name.</summary>
    public string WaitForJob(string id, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            using var connection = Storage.GetConnection();
            var state = connection.GetStateData(id)?.Name;
            if (state is "Succeeded" or "Failed" or "Deleted") return state;
            Thread.Sleep(200);
        }
        throw new TimeoutException($"job {id} did not finish within {timeout}");
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

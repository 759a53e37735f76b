using Hangfire;
using Hangfire.Dashboard;
using Lake.Serve.Http;
using Lake.Serve.Jobs;
using Lake.Serve.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Lake.Serve;

/// <summary>Builds the <c>lake serve</c> host: Kafka ingestion, Hangfire server and schedules, /hangfire, /metrics, /healthz.</summary>
public static class LakeServer
{
    public static WebApplication Build(ServeOptions options, LakeJobRegistry? jobs = null)
    {
        jobs ??= LakeJobRegistry.Default();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ApplicationName = "lake" });
        builder.WebHost.UseUrls([.. options.Urls]);
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        // On SIGTERM the ingestion commits what it holds and running jobs are told to stop: give them time.
        builder.Services.Configure<HostOptions>(h => h.ShutdownTimeout = TimeSpan.FromSeconds(30));

        var ingests = options.Ingest && options.BootstrapServers is not null && options.Pipeline.Topics.Count > 0;
        var metrics = new LakeMetrics();
        var health = new ServiceHealth();
        var storage = JobStorages.Open(options.Storage, options.PollInterval, options.AbandonedJobTimeout);
        var environment = new JobEnvironment
        {
            Pipeline = options.Pipeline,
            Lake = options.Lake,
            BootstrapServers = options.BootstrapServers,
            SessionTimeoutMs = options.SessionTimeoutMs,
            Metrics = metrics,
            IngestedContinuously = ingests ? [.. options.Pipeline.Topics.Keys] : [],
            Log = options.Log,
        };
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(metrics);
        builder.Services.AddSingleton(health);
        builder.Services.AddSingleton(jobs);
        builder.Services.AddSingleton(environment);
        builder.Services.AddTransient<JobRunner>();
        builder.Services.AddHangfire(c => HangfireSetup.Configure(c, storage));
        ConfigureRetries(options);
        builder.Services.AddHangfireServer(s =>
        {
            s.WorkerCount = options.Workers;
            s.SchedulePollingInterval = options.PollInterval;
            s.ServerName = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..6]}";
        });
        if (ingests) builder.Services.AddHostedService<IngestionService>();

        var app = builder.Build();
        var gate = new DashboardGate(options.Urls, options.DashboardUser, options.DashboardPassword);
        app.UseWhen(c => c.Request.Path.StartsWithSegments("/hangfire"), branch => branch.Use((context, next) => gate.InvokeAsync(context, next)));
        app.UseHangfireDashboard("/hangfire", new DashboardOptions
        {
            // DashboardGate decided already; Hangfire's default filter would refuse every non-local request, even authenticated ones.
            Authorization = [new AllowAll()],
            IsReadOnlyFunc = _ => gate.ReadOnly,
            DashboardTitle = $"lake serve: {options.Pipeline.Name}",
        }, storage);
        app.MapGet("/metrics", async (HttpContext context) =>
        {
            context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            await metrics.WriteAsync(context.Response.Body, context.RequestAborted);
        });
        app.MapGet("/healthz", () => health.Ingestion is { } problem ? Results.Text(problem + "\n", statusCode: 503) : Results.Text("ok\n"));
        // Registered before the host starts, so that a schedule naming an unknown job or a bad cron stops the start.
        HangfireSetup.Configure(GlobalConfiguration.Configuration, storage);
        ScheduleRegistrar.Register(new RecurringJobManager(storage), storage, options.Pipeline.Schedules, jobs);
        return app;
    }

    private static void ConfigureRetries(ServeOptions options)
    {
        // Hangfire's filters are process-wide: replace its default retry filter (10 attempts) instead of adding a second one.
        foreach (var existing in GlobalJobFilters.Filters.Where(f => f.Instance is AutomaticRetryAttribute).ToList())
            GlobalJobFilters.Filters.Remove(existing.Instance);
        GlobalJobFilters.Filters.Add(new AutomaticRetryAttribute
        {
            Attempts = options.RetryDelaysSeconds.Count,
            DelaysInSeconds = [.. options.RetryDelaysSeconds],
            // Bad arguments fail the same way every time: retrying would only delay the error.
            ExceptOn = [typeof(JobArgumentException)],
            OnAttemptsExceeded = AttemptsExceededAction.Fail,
        });
    }

    private sealed class AllowAll : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context) => true;
    }
}

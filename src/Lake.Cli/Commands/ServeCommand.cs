using System.CommandLine;
using Lake.Serve;
using Lake.Serve.Http;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Lake.Cli.Commands;

/// <summary><c>lake serve</c>: continuous Kafka ingestion, a Hangfire server running jobs and the pipeline's schedules, the dashboard, metrics, health.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var pipeline = CliOptions.Pipeline();
        var lake = new Option<string?>("--lake", "-l") { Description = "The lake folder (default: the pipeline's 'lake', else ./lake-data)" };
        var bootstrap = new Option<string?>("--bootstrap") { Description = "Kafka bootstrap servers: ingest the pipeline's topics continuously and run Kafka jobs" };
        var group = new Option<string?>("--group") { Description = "Consumer group of the continuous ingestion (default: lake-<pipeline name>)" };
        var noIngest = new Option<bool>("--no-ingest") { Description = "Run jobs and schedules only, no continuous ingestion" };
        var storage = JobsCommand.StorageOption("memory (default; jobs are lost on exit) or a PostgreSQL connection string, shared by every server of the pipeline");
        var urls = new Option<string>("--urls") { Description = "Where to listen, ;-separated. Beyond loopback the dashboard needs credentials or is read-only for local clients", DefaultValueFactory = _ => "http://127.0.0.1:5080" };
        var user = new Option<string?>("--dashboard-user") { Description = "Dashboard basic-auth user (or LAKE_DASHBOARD_USER)" };
        var password = new Option<string?>("--dashboard-password") { Description = "Dashboard basic-auth password (or LAKE_DASHBOARD_PASSWORD, which keeps it out of the process list)" };
        var poll = new Option<string>("--poll-interval") { Description = "How often schedules and (PostgreSQL) queues are polled", DefaultValueFactory = _ => "15s" };
        var workers = new Option<int>("--workers") { Description = "Jobs run at once by this server", DefaultValueFactory = _ => 4 };
        var abandoned = new Option<string>("--abandoned-job-timeout") { Description = "PostgreSQL storage: a job whose server died runs again on another server after this long", DefaultValueFactory = _ => "5m" };
        var session = new Option<string>("--session-timeout") { Description = "Kafka: a member silent this long loses its partitions", DefaultValueFactory = _ => "10s" };
        var maxLatency = new Option<string>("--max-latency") { Description = "Kafka: commit open files at the latest this long after their first record", DefaultValueFactory = _ => "60s" };
        var command = new Command("serve", "Run Lake as a service: Kafka ingestion, jobs and schedules (Hangfire), dashboard at /hangfire, /metrics, /healthz")
        {
            pipeline, lake, bootstrap, group, noIngest, storage, urls, user, password, poll, workers, abandoned, session, maxLatency,
        };
        command.SetAction(parse => CliOptions.Guard(() =>
        {
            var definition = CliOptions.LoadPipeline(parse.GetValue(pipeline)!);
            var options = new ServeOptions
            {
                Pipeline = definition,
                Lake = parse.GetValue(lake) ?? definition.Lake,
                BootstrapServers = parse.GetValue(bootstrap),
                GroupId = parse.GetValue(group),
                Ingest = !parse.GetValue(noIngest),
                Storage = JobsCommand.Storage(parse.GetValue(storage)) ?? "memory",
                Urls = parse.GetValue(urls)!.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                DashboardUser = parse.GetValue(user) ?? Environment.GetEnvironmentVariable("LAKE_DASHBOARD_USER"),
                DashboardPassword = parse.GetValue(password) ?? Environment.GetEnvironmentVariable("LAKE_DASHBOARD_PASSWORD"),
                PollInterval = IngestCommand.Duration(parse.GetValue(poll)!, "--poll-interval"),
                Workers = parse.GetValue(workers) is > 0 and var w ? w : throw new UsageException("--workers must be at least 1"),
                AbandonedJobTimeout = IngestCommand.Duration(parse.GetValue(abandoned)!, "--abandoned-job-timeout"),
                SessionTimeoutMs = (int)IngestCommand.Duration(parse.GetValue(session)!, "--session-timeout").TotalMilliseconds,
                MaxLatency = IngestCommand.Duration(parse.GetValue(maxLatency)!, "--max-latency"),
            };
            Microsoft.AspNetCore.Builder.WebApplication app;
            try
            {
                app = LakeServer.Build(options);
            }
            catch (Lake.Serve.Jobs.JobArgumentException e)
            {
                throw new UsageException(e.Message);
            }
            catch (Exception e) when (e is Npgsql.NpgsqlException or System.Net.Sockets.SocketException || e.InnerException is Npgsql.NpgsqlException)
            {
                throw new UsageException($"the job storage {JobStorages.Describe(options.Storage)} cannot be reached: {(e.InnerException ?? e).Message}");
            }
            try
            {
                app.StartAsync().GetAwaiter().GetResult();
            }
            catch (IOException e)
            {
                // Kestrel reports an address in use this way.
                throw new UsageException($"cannot listen on {string.Join(";", options.Urls)}: {e.Message}");
            }
            catch (Exception e) when (e is Npgsql.NpgsqlException or System.Net.Sockets.SocketException)
            {
                throw new UsageException($"the job storage {JobStorages.Describe(options.Storage)} cannot be reached: {e.Message}");
            }
            var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            var gate = new DashboardGate(options.Urls, options.DashboardUser, options.DashboardPassword);
            Console.Error.WriteLine($"lake: serving pipeline {definition.Name} on {string.Join(", ", bound)}; lake {Path.GetFullPath(options.Lake)}; storage {JobStorages.Describe(options.Storage)}; dashboard {gate.Access}; {definition.Schedules.Count} schedule(s); ingestion {Ingestion(options)}");
            // SIGTERM and Ctrl+C stop the host: the ingestion commits what it holds and leaves its group, jobs are told to stop.
            app.WaitForShutdownAsync().GetAwaiter().GetResult();
            Console.Error.WriteLine("lake: stopped");
            return 0;
        }));
        return command;
    }

    private static string Ingestion(ServeOptions options) =>
        !options.Ingest ? "off (--no-ingest)"
        : options.Pipeline.Topics.Count == 0 ? "off (the pipeline declares no topics)"
        : options.BootstrapServers is null ? "off (no --bootstrap)"
        : $"of {string.Join(", ", options.Pipeline.Topics.Keys)} in group {options.GroupId ?? "lake-" + options.Pipeline.Name}";
}

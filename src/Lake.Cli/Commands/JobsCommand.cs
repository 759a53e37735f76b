using System.CommandLine;
using Lake.Projections;
using Lake.Serve;
using Lake.Serve.Jobs;

namespace Lake.Cli.Commands;

/// <summary><c>lake jobs</c>: enqueue a job into a server's storage, list jobs, or run one inline with progress when no storage is given.</summary>
internal static class JobsCommand
{
    public static Option<string?> StorageOption(string description) => new("--storage") { Description = description + " (or LAKE_JOBS_STORAGE, which keeps a password out of the process list)" };

    /// <summary>The option's value, else the environment's; a connection string's password is never printed.</summary>
    public static string? Storage(string? option) => option ?? Environment.GetEnvironmentVariable("LAKE_JOBS_STORAGE");

    public static Command Create()
    {
        var registry = LakeJobRegistry.Default();
        var jobList = string.Join("; ", registry.All.Select(j => $"{j.Name}: {j.Description}"));
        var command = new Command("jobs", "Enqueue jobs into a running server's storage, list them, or run one here. Jobs: " + jobList);

        var job = new Argument<string>("job") { Description = "The job's name: " + string.Join(", ", registry.All.Select(j => j.Name)) };
        var args = new Option<string[]>("--arg", "-a") { Description = "A job argument name=value (repeatable), e.g. --arg topics=shop.orders --arg from=2026-09-01T00:00:00Z", AllowMultipleArgumentsPerToken = false };
        var storage = StorageOption("The server's PostgreSQL job storage; without it the job runs here, inline, with progress");
        var pipeline = new Option<DirectoryInfo?>("--pipeline", "-p") { Description = "Inline runs: the pipeline folder" };
        var lake = new Option<string?>("--lake", "-l") { Description = "Inline runs: the lake folder (default: the pipeline's)" };
        var bootstrap = new Option<string?>("--bootstrap") { Description = "Inline runs: Kafka bootstrap servers" };
        var enqueue = new Command("enqueue", "Enqueue a job for the servers sharing --storage (prints its id), or run it inline without --storage") { job, args, storage, pipeline, lake, bootstrap };
        enqueue.SetAction(parse => CliOptions.Guard(() =>
        {
            var name = parse.GetValue(job)!;
            var values = ParseArgs(parse.GetValue(args) ?? []);
            try
            {
                if (Storage(parse.GetValue(storage)) is { } connection && !JobStorages.IsMemory(connection))
                {
                    var queue = Queue(connection, registry);
                    Console.WriteLine(queue.Enqueue(name, values));
                    return 0;
                }
                return RunInline(registry.Get(name), values, parse.GetValue(pipeline), parse.GetValue(lake), parse.GetValue(bootstrap));
            }
            catch (JobArgumentException e)
            {
                throw new UsageException(e.Message);
            }
            catch (Exception e) when (e is ProjectionException or InvalidOperationException or IOException)
            {
                // An inline run fails as a server's would (a line, not a stack trace); what it committed stays, a rerun resumes.
                Console.Error.WriteLine($"lake: job {name} failed: {e.Message}");
                return 1;
            }
        }));

        var listStorage = StorageOption("The servers' PostgreSQL job storage");
        var list = new Command("list", "List recurring jobs and the latest jobs per state in a server's storage") { listStorage };
        list.SetAction(parse => CliOptions.Guard(() =>
        {
            var connection = Storage(parse.GetValue(listStorage));
            if (connection is null || JobStorages.IsMemory(connection)) throw new UsageException("pass --storage <PostgreSQL connection string> (a memory storage lives only inside its server; see its dashboard)");
            foreach (var line in Queue(connection, registry).List()) Console.WriteLine(line);
            return 0;
        }));
        command.Subcommands.Add(enqueue);
        command.Subcommands.Add(list);
        return command;
    }

    private static JobQueue Queue(string connection, LakeJobRegistry registry)
    {
        var storage = JobStorages.Open(connection, TimeSpan.FromSeconds(15));
        HangfireSetup.Configure(Hangfire.GlobalConfiguration.Configuration, storage);
        return new JobQueue(storage, registry);
    }

    private static int RunInline(ILakeJob job, Dictionary<string, string> values, DirectoryInfo? pipelineDir, string? lake, string? bootstrap)
    {
        if (pipelineDir is null) throw new UsageException("an inline run needs --pipeline (or pass --storage to enqueue the job for a server)");
        var definition = CliOptions.LoadPipeline(pipelineDir);
        var interactive = !Console.IsErrorRedirected;
        var environment = new JobEnvironment { Pipeline = definition, Lake = lake ?? definition.Lake, BootstrapServers = bootstrap };
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
        void Progress(string line)
        {
            // A terminal gets one line rewritten in place; a log gets every line.
            if (!interactive)
            {
                Console.Error.WriteLine("lake: " + line);
                return;
            }
            var width = Math.Clamp(Console.WindowWidth - 1, 20, 160);
            Console.Error.Write("\r" + (line.Length > width ? line[..width] : line.PadRight(width)));
        }
        var result = job.Run(environment.Context(values, Progress), stop.Token);
        if (interactive) Console.Error.WriteLine();
        Console.WriteLine(result);
        return 0;
    }

    private static Dictionary<string, string> ParseArgs(string[] pairs)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            var eq = pair.IndexOf('=');
            if (eq <= 0) throw new UsageException($"--arg '{pair}' is not name=value");
            values[pair[..eq]] = pair[(eq + 1)..];
        }
        return values;
    }
}

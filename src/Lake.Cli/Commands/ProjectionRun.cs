using System.CommandLine;
using Lake.Core.Data;
using Lake.Projections;
using Lake.Projections.Rebuild;
using Lake.Storage;

namespace Lake.Cli.Commands;

/// <summary>What <c>lake rebuild</c> and <c>lake snapshot</c> share: their options, input checks, the rebuild with progress, the summary.</summary>
internal sealed class ProjectionRun
{
    public Option<DirectoryInfo> Pipeline { get; } = CliOptions.Pipeline();
    public Option<string> Projection { get; } = new("--projection") { Description = "The projection's name (a projections/<name>.yaml or C# projection of the pipeline)", Required = true };
    public Option<string> AsOf { get; } = new("--as-of") { Description = "Event time: fold events that occurred at or before it (ISO 8601 with offset, e.g. 2026-06-30T23:59:59Z)", Required = true };
    public Option<string?> KnownAt { get; } = new("--known-at") { Description = "Known-at time: only events recorded at or before it (default: all the lake holds)" };
    public Option<string?> Lake { get; } = new("--lake", "-l") { Description = "The lake folder (default: the pipeline's 'lake', else ./lake-data)" };
    public Option<bool> FullReplay { get; } = new("--full-replay") { Description = "Ignore checkpoints and fold the whole history" };
    public Option<int?> MaxKeys { get; } = new("--max-keys") { Description = "Hold at most this many keys in memory: beyond it, fold in key-partitioned passes spilled to temporary files (default: no bound)" };

    public IEnumerable<Option> All => [Pipeline, Projection, AsOf, KnownAt, Lake, FullReplay, MaxKeys];

    public static DateTime Time(string text, string option)
    {
        if (Timestamps.TryParseUtc(text.AsSpan().Trim(), out var t)) return t;
        throw new UsageException($"{option} '{text}' is not a time; write ISO 8601 with a zone, e.g. 2026-06-30T23:59:59Z (or +02:00 instead of Z)");
    }

    /// <summary>Loads the pipeline and projection, checks the times and the lake, and rebuilds with a progress line on stderr.</summary>
    public (RebuildResult Result, OpenedLake Lake) Run(ParseResult parse)
    {
        var asOf = Time(parse.GetValue(AsOf)!, "--as-of");
        var knownAt = parse.GetValue(KnownAt) is { } k ? Time(k, "--known-at") : (DateTime?)null;
        if (knownAt < asOf) Console.Error.WriteLine("lake: note: --known-at is before --as-of; events that occurred after it can only be known if they were recorded before they occurred");
        var definition = CliOptions.LoadPipeline(parse.GetValue(Pipeline)!);
        LoadedProjection projection;
        try { projection = ProjectionLoader.Find(definition, parse.GetValue(Projection)!); }
        catch (ProjectionException e) { throw new UsageException(e.Message); }
        var lakeDir = parse.GetValue(Lake) ?? definition.Lake;
        var opened = CliOptions.OpenLake(lakeDir);
        if (opened.IsLocal && !Directory.Exists(opened.Name))
        {
            opened.Dispose();
            throw new UsageException($"lake folder '{Path.GetFullPath(lakeDir)}' does not exist; pass --lake with the folder (or s3://bucket/prefix) 'lake ingest' wrote");
        }
        var store = opened.Store;
        var maxKeys = parse.GetValue(MaxKeys);
        if (maxKeys is < 1)
        {
            opened.Dispose();
            throw new UsageException($"--max-keys {maxKeys} must be at least 1 (e.g. --max-keys 1000000)");
        }
        var interactive = !Console.IsErrorRedirected;
        var progress = new Progress(interactive);
        var result = new ProjectionRebuilder(store, projection)
            .RebuildAsync(new RebuildRequest(asOf, knownAt) { UseCheckpoints = !parse.GetValue(FullReplay), MaxKeys = maxKeys }, progress).GetAwaiter().GetResult();
        if (interactive) Console.Error.Write("\r" + new string(' ', 100) + "\r");
        return (result, opened);
    }

    /// <summary>Where a key of the lake is, for messages: a local path, or the s3:// address.</summary>
    public static string Where(OpenedLake lake, string key) =>
        lake.IsLocal ? Path.Combine(lake.Name, key.Replace('/', Path.DirectorySeparatorChar)) : $"{lake.Name.TrimEnd('/')}/{key}";

    public static void PrintSummary(RebuildResult r, string wrote, TextWriter output)
    {
        var seconds = Math.Max(r.Elapsed.TotalSeconds, 1e-9);
        output.WriteLine($"projection {r.Projection.Name} as of {Timestamps.Format(r.Request.AsOf)}" + (r.Request.KnownAt is { } k ? $", known at {Timestamps.Format(k)}" : ", everything known"));
        output.WriteLine(r.StartedFrom is { } c
            ? $"  started from the checkpoint as of {Timestamps.Format(c.AsOf)}" + (c.KnownAt is { } ck ? $" (known at {Timestamps.Format(ck)})" : "") + $" with {c.EventsApplied:N0} events"
            : "  full replay (no reusable checkpoint)");
        output.WriteLine($"  {r.DaysRead:N0} dt partitions read, {r.EventsRead:N0} rows read, {r.EventsApplied:N0} events applied in total, {r.Rows:N0} keys" + (r.Passes > 1 ? $" in {r.Passes} key-partitioned passes" : ""));
        output.WriteLine($"  {r.Elapsed.TotalSeconds:F2} s ({r.EventsRead / seconds:N0} rows read/s)");
        output.WriteLine($"  wrote {wrote}");
    }

    /// <summary>One line, rewritten in place, only when stderr is a terminal.</summary>
    private sealed class Progress(bool interactive) : IProgress<RebuildProgress>
    {
        public void Report(RebuildProgress p)
        {
            if (interactive) Console.Error.Write($"\r  {(p.Pass > 1 ? $"pass {p.Pass} " : "")}dt={p.Day:yyyy-MM-dd} ({p.DaysDone}/{p.DaysTotal}) {p.EventsRead:N0} rows read, {p.EventsApplied:N0} applied, {p.Keys:N0} keys   ");
        }
    }
}

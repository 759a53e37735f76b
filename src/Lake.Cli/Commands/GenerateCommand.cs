using System.CommandLine;
using System.Diagnostics;
using Lake.Core.Upcasting;
using Lake.Generation;

namespace Lake.Cli.Commands;

/// <summary><c>lake generate</c>: a deterministic, realistic history for a pipeline, as NDJSON.</summary>
internal static class GenerateCommand
{
    public static Command Create()
    {
        var pipeline = CliOptions.Pipeline();
        var events = new Option<long>("--events", "-n") { Description = "Number of lines to write", DefaultValueFactory = _ => 100_000 };
        var seed = new Option<int>("--seed") { Description = "Random seed: the same seed gives the same bytes", DefaultValueFactory = _ => 1 };
        var output = new Option<string>("--out", "-o") { Description = "Output file (.ndjson or .ndjson.gz), or - for stdout", Required = true };
        var bad = new Option<double>("--bad-share") { Description = "Share of bad events over every quarantine kind", DefaultValueFactory = _ => 0.001 };
        var dup = new Option<double>("--duplicate-share") { Description = "Share of events re-sent with the same id", DefaultValueFactory = _ => 0.005 };
        var days = CliOptions.HistoryDays();
        var command = new Command("generate", "Generate a deterministic event history: versions drift, late and duplicate events, some bad events")
        {
            pipeline, events, seed, output, bad, dup, days,
        };
        command.SetAction(parse => CliOptions.Guard(() =>
        {
            var n = parse.GetValue(events);
            if (n < 0) throw new UsageException("--events must be zero or more");
            var b = parse.GetValue(bad);
            var d = parse.GetValue(dup);
            if (b is < 0 or > 1 || d is < 0 or > 1) throw new UsageException("--bad-share and --duplicate-share are fractions between 0 and 1 (0.001 is 0.1%)");
            var definition = CliOptions.LoadPipeline(parse.GetValue(pipeline)!);
            var generator = new HistoryGenerator(definition);
            var sw = Stopwatch.StartNew();
            var path = parse.GetValue(output)!;
            GenerationStats stats;
            using (var stream = InputFiles.OpenWrite(path))
            {
                stats = generator.Write(stream, new GenerationOptions(n, parse.GetValue(seed)) { BadShare = b, DuplicateShare = d, Days = CliOptions.GetHistoryDays(parse, days) });
            }
            var seconds = sw.Elapsed.TotalSeconds;
            var err = Console.Error;
            err.WriteLine($"wrote {stats.Lines:N0} lines to {path} in {seconds:F1} s ({stats.Lines / Math.Max(seconds, 1e-9):N0} lines/s)");
            err.WriteLine($"  duplicates re-sent: {stats.Duplicates:N0}, recorded late: {stats.Late:N0}, bad: {stats.Bad:N0}");
            foreach (var (key, count) in stats.ByTypeAndVersion) err.WriteLine($"  {key,-32} {count,12:N0}");
            foreach (var (reason, count) in stats.BadByReason) err.WriteLine($"  bad: {reason.Code(),-27} {count,12:N0}");
            return 0;
        }));
        return command;
    }
}

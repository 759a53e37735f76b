using System.CommandLine;
using Lake.Maintenance;

namespace Lake.Cli.Commands;

/// <summary><c>lake replay</c>: upcasts a recorded_at range of the raw zone again with the current catalog and swaps the result in.</summary>
internal static class ReplayCommand
{
    public static Command Create()
    {
        var pipeline = CliOptions.Pipeline();
        var lake = new Option<string>("--lake", "-l") { Description = "The lake: a folder or s3://bucket/prefix", DefaultValueFactory = _ => "./lake-data" };
        var from = new Option<string>("--from") { Description = "First recorded_at to replay (ISO 8601, UTC)", Required = true };
        var to = new Option<string>("--to") { Description = "End of the range, exclusive (ISO 8601, UTC)", Required = true };
        var minAge = new Option<string>("--min-age") { Description = "Refuse to rewrite files younger than this (e.g. 1h, 10m, 0)", DefaultValueFactory = _ => "1h" };
        var command = new Command("replay", "Upcast the raw records of a recorded_at range again with the pipeline's current catalog (after an upcaster fix) and replace their curated and quarantine rows")
        {
            pipeline, lake, from, to, minAge,
        };
        command.SetAction(parse => CliOptions.Guard(() =>
        {
            var definition = CliOptions.LoadPipeline(parse.GetValue(pipeline)!);
            using var opened = CliOptions.OpenLake(parse.GetValue(lake)!);
            if (opened.IsLocal && !Directory.Exists(opened.Name)) throw new UsageException($"lake '{parse.GetValue(lake)}' does not exist; pass --lake <folder or s3://bucket/prefix>");
            var options = new ReplayOptions
            {
                From = IngestCommand.Time(parse.GetValue(from), "--from")!.Value,
                To = IngestCommand.Time(parse.GetValue(to), "--to")!.Value,
                MinAge = parse.GetValue(minAge) is "0" ? TimeSpan.Zero : IngestCommand.Duration(parse.GetValue(minAge)!, "--min-age"),
            };
            if (options.To <= options.From) throw new UsageException($"--to {parse.GetValue(to)} must be after --from {parse.GetValue(from)}");
            ReplaySummary summary;
            try
            {
                summary = new LakeReplayer(definition.Catalog, opened.Store, options) { Log = Console.WriteLine }.RunAsync().GetAwaiter().GetResult();
            }
            catch (InvalidOperationException e) { throw new UsageException(e.Message); }
            Console.WriteLine($"replayed {summary.Records:N0} raw record(s): {summary.Curated:N0} curated, {summary.Quarantined:N0} quarantined; "
                + (summary.Unchanged ? "the lake already held exactly this" : $"{summary.FilesReplaced} file(s) replaced by {summary.FilesWritten}") + $", in {summary.Elapsed.TotalSeconds:N1} s");
            foreach (var (reason, n) in summary.QuarantinedByReason) Console.WriteLine($"  quarantined {reason,-20} {n,10:N0}");
            return 0;
        }));
        return command;
    }
}

using System.CommandLine;
using Lake.Maintenance;
using Lake.Storage;

namespace Lake.Cli.Commands;

/// <summary><c>lake replay</c>: upcasts a recorded_at range of the raw zone again with the current catalog and swaps the result in.</summary>
internal static class ReplayCommand
{
    public static Command Create()
    {
        var pipeline = CliOptions.Pipeline();
        var lake = new Option<string>("--lake", "-l") { Description = "The lake folder", DefaultValueFactory = _ => "./lake-data" };
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
            var folder = parse.GetValue(lake)!;
            if (!Directory.Exists(folder)) throw new UsageException($"lake '{folder}' does not exist; pass --lake <folder>");
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
                summary = new LakeReplayer(definition.Catalog, new LocalFolderStore(folder), options) { Log = Console.WriteLine }.RunAsync().GetAwaiter().GetResult();
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

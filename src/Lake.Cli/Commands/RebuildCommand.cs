using System.CommandLine;
using Lake.Projections.Snapshots;

namespace Lake.Cli.Commands;

/// <summary><c>lake rebuild</c>: a projection as of an event time (and a known-at time), written as one Parquet snapshot.</summary>
internal static class RebuildCommand
{
    public static Command Create()
    {
        var run = new ProjectionRun();
        var output = new Option<string?>("--out", "-o") { Description = "Write snapshot.parquet into this folder instead of <lake>/snapshots/projection=<name>/as_of=<t>[/known_at=<t>]/" };
        var command = new Command("rebuild", "Rebuild a projection as of a time from the lake (from the best equivalent checkpoint) into a Parquet snapshot");
        foreach (var o in run.All) command.Options.Add(o);
        command.Options.Add(output);
        command.SetAction(parse => CliOptions.Guard(() =>
        {
            var (result, lake) = run.Run(parse);
            using var _ = lake;
            using var __ = result;
            var store = lake.Store;
            string wrote;
            if (parse.GetValue(output) is { } dir)
            {
                Directory.CreateDirectory(dir);
                wrote = result.WriteSnapshotFile(Path.Combine(dir, SnapshotPaths.FileName));
            }
            else
            {
                var key = SnapshotPaths.Snapshot(result.Projection.Name, result.Request.AsOf, result.Request.KnownAt);
                new CheckpointStore(store).StoreSnapshotAsync(result, key, checkpoint: false).GetAwaiter().GetResult();
                wrote = ProjectionRun.Where(lake, key);
            }
            ProjectionRun.PrintSummary(result, wrote, Console.Out);
            return 0;
        }));
        return command;
    }
}

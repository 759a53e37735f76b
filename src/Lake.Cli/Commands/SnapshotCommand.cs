using System.CommandLine;
using Lake.Projections.Snapshots;

namespace Lake.Cli.Commands;

/// <summary><c>lake snapshot</c>: a rebuild that also stores a checkpoint, so later rebuilds replay only what follows it.</summary>
internal static class SnapshotCommand
{
    public static Command Create()
    {
        var run = new ProjectionRun();
        var command = new Command("snapshot", "Rebuild a projection as of a time, write its snapshot into the lake, and store a checkpoint for later rebuilds");
        foreach (var o in run.All) command.Options.Add(o);
        command.SetAction(parse => CliOptions.Guard(() =>
        {
            var (result, lake) = run.Run(parse);
            using var _ = lake;
            using var __ = result;
            var store = lake.Store;
            var key = SnapshotPaths.Snapshot(result.Projection.Name, result.Request.AsOf, result.Request.KnownAt);
            var checkpoint = new CheckpointStore(store).StoreSnapshotAsync(result, key, checkpoint: true).GetAwaiter().GetResult();
            ProjectionRun.PrintSummary(result, ProjectionRun.Where(lake, key), Console.Out);
            Console.Out.WriteLine($"  checkpoint {checkpoint}");
            return 0;
        }));
        return command;
    }
}

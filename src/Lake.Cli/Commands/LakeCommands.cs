using System.CommandLine;

namespace Lake.Cli.Commands;

/// <summary>The <c>lake</c> command tree: one place, so the executable and the in-process test host offer the same commands.</summary>
internal static class LakeCommands
{
    public static RootCommand Create() => new("Lake: turns business event streams into a data lake. Upcasts every historical event version to the latest schema.")
    {
        GenerateCommand.Create(),
        UpcastCommand.Create(),
        CatalogCommand.Create(),
        IngestCommand.Create(),
        QueryCommand.Create(),
        DdlCommand.Create(),
        DevCommand.Create(),
        ProduceCommand.Create(),
        VerifyCommand.Create(),
        CompactCommand.Create(),
        ReplayCommand.Create(),
        RebuildCommand.Create(),
        SnapshotCommand.Create(),
        ServeCommand.Create(),
        JobsCommand.Create(),
    };
}

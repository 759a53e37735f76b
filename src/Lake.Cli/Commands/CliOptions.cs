using System.CommandLine;
using Lake.Core.Schema;
using Lake.Pipelines;

namespace Lake.Cli.Commands;

/// <summary>Options several commands share, and the common way commands report bad input.</summary>
internal static class CliOptions
{
    public static Option<DirectoryInfo> Pipeline() => new("--pipeline", "-p")
    {
        Description = "The pipeline folder (holds pipeline.yaml and events/), e.g. pipelines/shop",
        Required = true,
    };

    /// <summary>Runs a command body, turning expected failures (bad catalog, bad paths) into a clear message and exit code 2.</summary>
    public static int Guard(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (CatalogException e)
        {
            Console.Error.WriteLine("lake: " + e.Message);
            return 2;
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine("lake: " + e.Message);
            return 2;
        }
    }

    public static PipelineDefinition LoadPipeline(DirectoryInfo dir) => PipelineLoader.Load(dir.FullName);
}

/// <summary>Bad command-line input, reported without a stack trace.</summary>
internal sealed class UsageException(string message) : Exception(message);

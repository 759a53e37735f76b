using System.CommandLine;
using Lake.Core.Schema;
using Lake.Pipelines;
using Lake.S3;
using Lake.Storage;

namespace Lake.Cli.Commands;

/// <summary>Options several commands share, and the common way commands report bad input.</summary>
internal static class CliOptions
{
    public static Option<DirectoryInfo> Pipeline() => new("--pipeline", "-p")
    {
        Description = "The pipeline folder (holds pipeline.yaml and events/), e.g. pipelines/shop",
        Required = true,
    };

    /// <summary><c>--days</c> of <c>lake generate</c> and <c>lake produce</c>: the span of event time, overriding generator.days.</summary>
    public static Option<int?> HistoryDays() => new("--days")
    {
        Description = "Days of event time the history spans (default: generator.days in pipeline.yaml); e.g. 1 for live traffic",
    };

    public static int? GetHistoryDays(ParseResult parse, Option<int?> option) => parse.GetValue(option) switch
    {
        null => null,
        >= 1 and <= Lake.Generation.GeneratorSettings.MaxDays and var d => d,
        var d => throw new UsageException($"--days {d} is out of range: give a whole number of days from 1 to {Lake.Generation.GeneratorSettings.MaxDays}"),
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

    /// <summary>How an S3 lake is configured, for --lake's help (names only: no value is ever printed).</summary>
    public const string S3Help = "S3 settings come from the environment: LAKE_S3_ENDPOINT (S3-compatible stores), AWS_REGION, "
        + "credentials from the AWS default chain or LAKE_S3_ACCESS_KEY_ID/LAKE_S3_SECRET_ACCESS_KEY, LAKE_S3_SSE (AES256|aws:kms), "
        + "LAKE_S3_KMS_KEY_ID, LAKE_S3_STORAGE_CLASS, LAKE_S3_PART_SIZE_MIB, LAKE_S3_PARALLEL_PARTS, LAKE_S3_MAX_RETRIES";

    /// <summary>The store behind a --lake value (a folder or s3://bucket/prefix); S3 retry notices go to stderr.</summary>
    public static OpenedLake OpenLake(string location)
    {
        try
        {
            var store = LakeStores.Open(location, log: line => Console.Error.WriteLine("lake: " + line));
            return new OpenedLake(store, store is LocalFolderStore local ? local.Root : store.Location);
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"--lake '{location}': {e.Message}");
        }
    }
}

/// <summary>Bad command-line input, reported without a stack trace.</summary>
internal sealed class UsageException(string message) : Exception(message);

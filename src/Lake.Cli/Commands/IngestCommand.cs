using System.CommandLine;
using Lake.Ingest;
using Lake.Parquet;

namespace Lake.Cli.Commands;

/// <summary><c>lake ingest</c>: a source into the lake (raw, curated, quarantine), exactly once, with a reconciled summary.</summary>
internal static class IngestCommand
{
    public static Command Create()
    {
        var pipeline = CliOptions.Pipeline();
        var source = new Option<string?>("--source", "-s") { Description = "files:<file or folder of .ndjson[.gz]> (default: the pipeline's 'source')" };
        var lake = new Option<string?>("--lake", "-l") { Description = "The lake folder (default: the pipeline's 'lake', else ./lake-data)" };
        var untilIdle = new Option<bool>("--until-idle") { Description = "Stop when the source has no more data (always true for files)" };
        var compression = new Option<string>("--compression") { Description = "zstd (default), snappy or none", DefaultValueFactory = _ => "zstd" };
        var command = new Command("ingest", "Ingest a source into the lake: every record into raw, upcast events into events/, failures into quarantine/")
        {
            pipeline, source, lake, untilIdle, compression,
        };
        command.SetAction(parse => CliOptions.Guard(() =>
        {
            var definition = CliOptions.LoadPipeline(parse.GetValue(pipeline)!);
            var spec = parse.GetValue(source) ?? DefaultSource(definition)
                ?? throw new UsageException($"no source: pass --source files:<file or folder>, or declare 'source: files:<path>' in {Path.Combine(definition.Directory, "pipeline.yaml")}");
            if (!spec.StartsWith("files:", StringComparison.Ordinal))
            {
                throw new UsageException($"source '{spec}' is not supported yet; use files:<file or folder>");
            }
            ParquetSettings settings;
            try { settings = ParquetSettings.Parse(parse.GetValue(compression)!); }
            catch (ArgumentException e) { throw new UsageException(e.Message); }
            var lakeDir = parse.GetValue(lake) ?? definition.Lake;
            IReadOnlyList<SourceFile> files;
            try { files = SourceFile.Resolve(spec["files:".Length..]); }
            catch (IngestException e) { throw new UsageException(e.Message); }

            var interactive = !Console.IsErrorRedirected;
            var ingestor = new LakeIngestor(definition.Catalog, lakeDir, new IngestOptions { Parquet = settings, PipelineDirectory = definition.Directory })
            {
                Progress = n => { if (interactive) Console.Error.Write($"\r  {n:N0} records read..."); },
            };
            IngestSummary summary;
            try { summary = ingestor.IngestFiles(files); }
            catch (IngestException e) { throw new UsageException(e.Message); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Nothing half-written is visible: staged files are removed by the next ingest's recovery.
                Console.Error.WriteLine($"lake: writing the lake {Path.GetFullPath(lakeDir)} failed: {e.Message}. Nothing uncommitted is visible; fix the cause and run the ingest again.");
                return 1;
            }
            if (interactive) Console.Error.Write("\r" + new string(' ', 40) + "\r");
            IngestReport.Print(summary, lakeDir, Console.Out);
            foreach (var e in summary.Errors) Console.Error.WriteLine("lake: " + e);
            return summary.Errors.Count == 0 ? 0 : 1;
        }));
        return command;
    }

    /// <summary>The pipeline's declared source, with a relative path taken from the pipeline folder.</summary>
    private static string? DefaultSource(Lake.Pipelines.PipelineDefinition definition)
    {
        if (definition.Source is not { } declared || !declared.StartsWith("files:", StringComparison.Ordinal)) return definition.Source;
        var path = declared["files:".Length..];
        return "files:" + (Path.IsPathRooted(path) ? path : Path.Combine(definition.Directory, path));
    }
}

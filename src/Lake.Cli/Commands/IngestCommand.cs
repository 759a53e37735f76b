using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using Lake.Ingest;
using Lake.Kafka;
using Lake.Parquet;
using Lake.Pipelines;
using Lake.Storage;

namespace Lake.Cli.Commands;

/// <summary><c>lake ingest</c>: files or Kafka topics into the lake (raw, curated, quarantine), exactly once, with a reconciled summary.</summary>
internal static class IngestCommand
{
    public static Command Create()
    {
        var pipeline = CliOptions.Pipeline();
        var source = new Option<string?>("--source", "-s") { Description = "files:<file or folder of .ndjson[.gz]> or kafka:<bootstrap servers> (default: the pipeline's 'source')" };
        var bootstrap = new Option<string?>("--bootstrap") { Description = "Kafka bootstrap servers: consume the pipeline's topics in a consumer group (same as --source kafka:<servers>)" };
        var group = new Option<string?>("--group") { Description = "Kafka consumer group (default: lake-<pipeline name>)" };
        var lake = new Option<string?>("--lake", "-l") { Description = "The lake: a folder or s3://bucket/prefix (default: the pipeline's 'lake', else ./lake-data). " + CliOptions.S3Help };
        var untilIdle = new Option<bool>("--until-idle") { Description = "Kafka: stop once every assigned partition reached the end seen at assignment and all is committed (files always stop at their end)" };
        var maxLatency = new Option<string>("--max-latency") { Description = "Kafka: commit open files at the latest this long after their first record, e.g. 60s, 500ms, 2m", DefaultValueFactory = _ => "60s" };
        var from = new Option<string?>("--from") { Description = "Kafka: for partitions new to the lake, start at the first record at or after this time (ISO 8601, e.g. 2026-11-01T00:00:00Z)" };
        var to = new Option<string?>("--to") { Description = "Kafka: stop each partition before its first record at or after this time" };
        var deadLetter = new Option<string?>("--dead-letter-topic") { Description = "Kafka: also send quarantined records to this topic, with reason and origin in headers" };
        var protocol = new Option<string>("--group-protocol") { Description = "Kafka: classic (cooperative-sticky) or consumer (KIP-848)", DefaultValueFactory = _ => "classic" };
        var session = new Option<string>("--session-timeout") { Description = "Kafka: the group session timeout; a member silent this long loses its partitions", DefaultValueFactory = _ => "10s" };
        var instance = new Option<string?>("--instance-id") { Description = "Kafka: static group membership id; a restarted member with the same id takes its partitions back at once" };
        var lanes = new Option<int>("--lanes") { Description = "Kafka: threads that ingest the assigned partitions side by side, each partition on one (default: one per core, up to 4)" };
        var compression = new Option<string>("--compression") { Description = "zstd (default), snappy or none; files under 100 rows are written uncompressed", DefaultValueFactory = _ => "zstd" };
        var command = new Command("ingest", "Ingest a source into the lake: every record into raw, upcast events into events/, failures into quarantine/")
        {
            pipeline, source, bootstrap, group, lake, untilIdle, maxLatency, from, to, deadLetter, protocol, session, instance, lanes, compression,
        };
        command.SetAction(parse => CliOptions.Guard(() =>
        {
            var definition = CliOptions.LoadPipeline(parse.GetValue(pipeline)!);
            var spec = parse.GetValue(bootstrap) is { } servers ? "kafka:" + servers : parse.GetValue(source) ?? DefaultSource(definition)
                ?? throw new UsageException($"no source: pass --source files:<file or folder> or --bootstrap <servers>, or declare 'source: files:<path>' (or 'source: kafka:<servers>') in {Path.Combine(definition.Directory, "pipeline.yaml")}");
            ParquetSettings settings;
            try { settings = ParquetSettings.Parse(parse.GetValue(compression)!); }
            catch (ArgumentException e) { throw new UsageException(e.Message); }
            var lakeDir = parse.GetValue(lake) ?? definition.Lake;
            using var lakeStore = CliOptions.OpenLake(lakeDir);
            var store = lakeStore.Store;
            var ingestOptions = new IngestOptions { Parquet = settings, PipelineDirectory = definition.Directory };
            var interactive = !Console.IsErrorRedirected;
            Action<long> progress = n => { if (interactive) Console.Error.Write($"\r  {n:N0} records read..."); };

            IngestSummary summary;
            if (spec.StartsWith("kafka:", StringComparison.Ordinal))
            {
                var options = new KafkaIngestOptions
                {
                    BootstrapServers = spec["kafka:".Length..],
                    GroupId = parse.GetValue(group) ?? "lake-" + definition.Name,
                    Topics = [.. definition.Topics.Keys],
                    UntilIdle = parse.GetValue(untilIdle),
                    Lanes = parse.GetValue(lanes) is var n and >= 0 and <= 64 ? n : throw new UsageException($"--lanes {parse.GetValue(lanes)} is out of range: give 1 to 64 (0 or none: one per core, up to 4)"),
                    MaxLatency = Duration(parse.GetValue(maxLatency)!, "--max-latency"),
                    From = Time(parse.GetValue(from), "--from"),
                    To = Time(parse.GetValue(to), "--to"),
                    DeadLetterTopic = parse.GetValue(deadLetter),
                    SessionTimeoutMs = (int)Duration(parse.GetValue(session)!, "--session-timeout").TotalMilliseconds,
                    GroupInstanceId = parse.GetValue(instance),
                    GroupProtocol = parse.GetValue(protocol) is "classic" or "consumer" ? parse.GetValue(protocol)! : throw new UsageException($"--group-protocol '{parse.GetValue(protocol)}' is not classic or consumer"),
                    Ingest = ingestOptions,
                };
                if (options.Topics.Count == 0) throw new UsageException($"pipeline '{definition.Name}' declares no topics; list them under 'topics:' in pipeline.yaml");
                using var stop = new CancellationTokenSource();
                // SIGTERM and Ctrl+C end the ingest gracefully: open ranges are committed, then the member leaves its group.
                using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
                using var intr = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.Cancel(); });
                var ingestor = new KafkaIngestor(definition.Catalog, store, options)
                {
                    Progress = progress,
                    Log = line => Console.Error.WriteLine("lake: " + line),
                };
                try { summary = ingestor.Run(stop.Token); }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    Console.Error.WriteLine($"lake: writing the lake {lakeStore.Name} failed: {e.Message}. Nothing uncommitted is visible; fix the cause and run the ingest again (it resumes from the lake's commit log).");
                    return 1;
                }
            }
            else if (spec.StartsWith("files:", StringComparison.Ordinal))
            {
                IReadOnlyList<SourceFile> files;
                try { files = SourceFile.Resolve(spec["files:".Length..]); }
                catch (IngestException e) { throw new UsageException(e.Message); }
                var ingestor = new LakeIngestor(definition.Catalog, store, ingestOptions) { Progress = progress };
                try { summary = ingestor.IngestFiles(files); }
                catch (IngestException e) { throw new UsageException(e.Message); }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // Nothing half-written is visible: staged files are removed by the next ingest's recovery.
                    Console.Error.WriteLine($"lake: writing the lake {lakeStore.Name} failed: {e.Message}. Nothing uncommitted is visible; fix the cause and run the ingest again.");
                    return 1;
                }
            }
            else
            {
                throw new UsageException($"source '{spec}' is not supported; use files:<file or folder> or kafka:<bootstrap servers>");
            }
            if (interactive) Console.Error.Write("\r" + new string(' ', 40) + "\r");
            IngestReport.Print(summary, lakeStore.Name, Console.Out);
            foreach (var e in summary.Errors) Console.Error.WriteLine("lake: " + e);
            return summary.Errors.Count == 0 ? 0 : 1;
        }));
        return command;
    }

    internal static TimeSpan Duration(string text, string option)
    {
        var t = text.Trim();
        (string Suffix, double Ms)[] units = [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000)];
        foreach (var (suffix, ms) in units)
        {
            if (t.EndsWith(suffix, StringComparison.Ordinal) && double.TryParse(t[..^suffix.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n > 0)
                return TimeSpan.FromMilliseconds(n * ms);
        }
        throw new UsageException($"{option} '{text}' is not a duration; write e.g. 500ms, 30s, 2m or 1h");
    }

    internal static DateTime? Time(string? text, string option)
    {
        if (text is null) return null;
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)) return t.UtcDateTime;
        throw new UsageException($"{option} '{text}' is not a time; write ISO 8601, e.g. 2026-11-01T00:00:00Z");
    }

    /// <summary>The pipeline's declared source, with a relative path taken from the pipeline folder.</summary>
    private static string? DefaultSource(PipelineDefinition definition)
    {
        if (definition.Source is not { } declared || !declared.StartsWith("files:", StringComparison.Ordinal)) return definition.Source;
        var path = declared["files:".Length..];
        return "files:" + (Path.IsPathRooted(path) ? path : Path.Combine(definition.Directory, path));
    }
}

using System.Diagnostics;
using System.Globalization;
using DuckDB.NET.Data;
using Lake.Generation;
using Lake.Pipelines;

namespace Lake.Benchmarks;

/// <summary>
/// Issue 4's comparison, same file, same run: (a) <c>lake ingest</c> (raw + curated + quarantine, with upcasting) as its own
/// process, wall time and peak RSS from /usr/bin/time; (b) DuckDB COPY of the same NDJSON to partitioned zstd Parquet (one zone, no upcasting).
/// </summary>
internal static class IngestBenchmark
{
    public static void Run(string repo, int events)
    {
        var work = Path.Combine(repo, "out", "bench");
        Directory.CreateDirectory(work);
        var input = Path.Combine(work, $"shop-{events}.ndjson");
        var pipeline = PipelineLoader.Load(Path.Combine(repo, "pipelines", "shop"));
        if (!File.Exists(input))
        {
            using var f = File.Create(input);
            new HistoryGenerator(pipeline).Write(f, new GenerationOptions(events, 3));
        }
        var lake = Path.Combine(work, "lake");
        Scratch.Clear(lake);
        var binary = Path.Combine(repo, "src", "Lake.Cli", "bin", "Release", "net10.0", "lake");
        var (lakeSeconds, peakKb, _) = TimedProcess.Run(binary, $"ingest --pipeline {Path.Combine(repo, "pipelines", "shop")} --source files:{input} --lake {lake}");
        var partitions = Directory.GetDirectories(lake, "dt=*", SearchOption.AllDirectories).Length;

        var duckOut = Path.Combine(work, "duck");
        Scratch.Clear(duckOut);
        var duckSeconds = DuckDbCopy(input, duckOut);

        Console.WriteLine($"| lake ingest, 1 process (raw + curated + quarantine, upcasting) | {events:N0} | {events / lakeSeconds:N0} | peak RSS {peakKb / 1024:N0} MiB, {partitions} partition folders |");
        Console.WriteLine($"| DuckDB COPY read_json -> Parquet PARTITION_BY (type, dt), zstd, 2 threads (one zone, no upcasting) | {events:N0} | {events / duckSeconds:N0} | |");
        Console.WriteLine($"| ratio lake / DuckDB | | {duckSeconds / lakeSeconds:F3}x | goal >= 1.0x |");

        // The issue's memory case: the same number of events over a wide occurred_at range, so 500+ partitions are open at once.
        var settings = GeneratorSettings.Read(pipeline);
        var wideDays = 200;
        var wideInput = Path.Combine(work, $"shop-{events}-{wideDays}days.ndjson");
        if (!File.Exists(wideInput))
        {
            using var f = File.Create(wideInput);
            new HistoryGenerator(pipeline, new GeneratorSettings { Start = settings.Start, Days = wideDays, Aggregates = settings.Aggregates, Values = settings.Values })
                .Write(f, new GenerationOptions(events, 3));
        }
        var wideLake = Path.Combine(work, "lake-wide");
        Scratch.Clear(wideLake);
        var (wideSeconds, wideKb, _) = TimedProcess.Run(binary, $"ingest --pipeline {Path.Combine(repo, "pipelines", "shop")} --source files:{wideInput} --lake {wideLake}");
        var wideFolders = Directory.GetDirectories(Path.Combine(wideLake, "events"), "dt=*", SearchOption.AllDirectories).Length;
        Console.WriteLine($"| lake ingest, {wideDays} days of occurred_at ({wideFolders} curated partition folders, all open in one commit) | {events:N0} | {events / wideSeconds:N0} | peak RSS {wideKb / 1024:N0} MiB; goal < 1 GiB with 500+ open partitions |");
    }


    private static double DuckDbCopy(string input, string output)
    {
        using var c = new DuckDBConnection("Data Source=:memory:");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SET threads = 2; SET TimeZone = 'UTC'";
        cmd.ExecuteNonQuery();
        var sw = Stopwatch.StartNew();
        cmd.CommandText = $$"""
            COPY (
              SELECT metadata.*, data, metadata.type AS type, strftime(metadata.occurred_at, '%Y-%m-%d') AS dt
              FROM read_json('{{input}}', format = 'newline_delimited', ignore_errors = true,
                columns = {metadata: 'STRUCT(id VARCHAR, type VARCHAR, version INTEGER, occurred_at TIMESTAMPTZ, producer VARCHAR, aggregate_id VARCHAR, recorded_at TIMESTAMPTZ)', data: 'JSON'})
            ) TO '{{output}}' (FORMAT parquet, PARTITION_BY (type, dt), COMPRESSION zstd)
            """;
        cmd.ExecuteNonQuery();
        return sw.Elapsed.TotalSeconds;
    }
}

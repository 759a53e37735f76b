using System.Diagnostics;
using Lake.Generation;
using Lake.Pipelines;

namespace Lake.Benchmarks;

/// <summary>History generation: into memory in this process, and issue 3's case, 10M events by <c>lake generate</c> in its own process.</summary>
internal static class GenerateBenchmark
{
    public static void Run(string repo, int events, int cliEvents)
    {
        var pipelineDir = Path.Combine(repo, "pipelines", "shop");
        var pipeline = PipelineLoader.Load(pipelineDir);
        var generator = new HistoryGenerator(pipeline);
        var gcBefore = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());
        var sw = Stopwatch.StartNew();
        long bytes = 0, n = 0;
        foreach (var line in generator.Generate(new GenerationOptions(events, 7)))
        {
            bytes += line.Json.Length + 1;
            n++;
        }
        var s = sw.Elapsed.TotalSeconds;
        // This process runs the workstation GC with PGO on (for the per-core figures); the lake executable runs its own
        // settings (server GC, PGO off): the row below is the rate `lake generate` itself reaches, without the file system's cost.
        var gc = $"GCs gen0/1/2 {GC.CollectionCount(0) - gcBefore.Item1}/{GC.CollectionCount(1) - gcBefore.Item2}/{GC.CollectionCount(2) - gcBefore.Item3}, paused {(GC.GetTotalPauseDuration() - gcBefore.Item4).TotalSeconds:F2} s";
        Console.WriteLine($"| generate, shop, in memory, this process | {n:N0} | {n / s:N0} | {bytes / s / 1e6:N0} | {gc} |");

        // /dev/null keeps the page cache out: on this VM writing 3.7 GB to a file adds ~9 s of system time.
        var binary = Path.Combine(repo, "src", "Lake.Cli", "bin", "Release", "net10.0", "lake");
        var (cliSeconds, peakKb, _) = TimedProcess.Run(binary, $"generate --pipeline {pipelineDir} --events {cliEvents} --seed 7 --out /dev/null");
        Console.WriteLine($"| `lake generate`, shop, own process, to /dev/null | {cliEvents:N0} | {cliEvents / cliSeconds:N0} | | {cliSeconds:F1} s, peak RSS {peakKb / 1024:N0} MiB |");
    }
}

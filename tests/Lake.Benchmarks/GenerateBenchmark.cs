using System.Diagnostics;
using Lake.Generation;
using Lake.Pipelines;

namespace Lake.Benchmarks;

/// <summary>History generation into memory (no disk), the rate <c>lake generate</c> can reach.</summary>
internal static class GenerateBenchmark
{
    public static void Run(string pipelineDir, int events)
    {
        var pipeline = PipelineLoader.Load(pipelineDir);
        var generator = new HistoryGenerator(pipeline);
        var sw = Stopwatch.StartNew();
        long bytes = 0, n = 0;
        foreach (var line in generator.Generate(new GenerationOptions(events, 7)))
        {
            bytes += line.Json.Length + 1;
            n++;
        }
        var s = sw.Elapsed.TotalSeconds;
        Console.WriteLine($"| generate, shop | {n:N0} | {n / s:N0} | {bytes / s / 1e6:N0} | in memory |");
    }
}

using System.Diagnostics;
using Lake.Core.Upcasting;
using Lake.Generation;
using Lake.Pipelines;

namespace Lake.Benchmarks;

/// <summary>Decode + upcast + validate on the shop mix (every version, 0.1% bad), one thread: the per-core figure.</summary>
internal static class UpcastBenchmark
{
    public static void Run(string pipelineDir, int events)
    {
        var pipeline = PipelineLoader.Load(pipelineDir);
        var lines = new HistoryGenerator(pipeline).Generate(new GenerationOptions(events, 42)).Select(l => l.Json).ToArray();
        var bytes = lines.Sum(l => (long)l.Length);
        var upcaster = new Upcaster(pipeline.Catalog);
        long curated = 0, quarantined = 0;
        // Warm-up lets tiered JIT reach its optimised code, as it does within seconds of a long ingest.
        for (var i = 0; i < Math.Min(lines.Length, 300_000); i++) upcaster.Process(lines[i]);
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        foreach (var line in lines) upcaster.Process(line);
        // Allocation per event is the noise-free figure on these shared machines; time follows it.
        var bytesPerEvent = (GC.GetAllocatedBytesForCurrentThread() - allocatedBefore) / (double)lines.Length;
        var best = double.MaxValue;
        for (var round = 0; round < 3; round++)
        {
            curated = quarantined = 0;
            var sw = Stopwatch.StartNew();
            foreach (var line in lines)
            {
                var r = upcaster.Process(line);
                if (r.IsQuarantined) quarantined++; else curated += r.Events.Count;
            }
            best = Math.Min(best, sw.Elapsed.TotalSeconds);
        }
        var tokenize = double.MaxValue;
        for (var round = 0; round < 3; round++)
        {
            var sw = Stopwatch.StartNew();
            long tokens = 0;
            foreach (var line in lines)
            {
                var reader = new System.Text.Json.Utf8JsonReader(line);
                try { while (reader.Read()) tokens++; } catch (System.Text.Json.JsonException) { }
            }
            tokenize = Math.Min(tokenize, sw.Elapsed.TotalSeconds);
        }
        Console.WriteLine("| benchmark | events | events/s (one core) | MB/s | result |");
        Console.WriteLine("|---|---|---|---|---|");
        Console.WriteLine($"| reference: Utf8JsonReader tokenising only (the floor of any JSON decoder here) | {lines.Length:N0} | {lines.Length / tokenize:N0} | {bytes / tokenize / 1e6:N0} | no values materialised |");
        Console.WriteLine($"| decode + upcast + validate, shop mix | {lines.Length:N0} | {lines.Length / best:N0} | {bytes / best / 1e6:N0} | {curated:N0} curated, {quarantined:N0} quarantined; {bytesPerEvent:N0} bytes allocated per event |");
    }
}

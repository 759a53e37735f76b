using System.Diagnostics;
using Lake.Core.Envelope;
using Lake.Core.Upcasting;
using Lake.Generation;
using Lake.Pipelines;

namespace Lake.Benchmarks;

/// <summary>Where decode + upcast + validate spends its time, by path and by phase (bench upcast-split; not in make bench).</summary>
internal static class UpcastSplit
{
    public static void Run(string pipelineDir, int events)
    {
        var pipeline = PipelineLoader.Load(pipelineDir);
        var upcaster = new Upcaster(pipeline.Catalog);
        var latestLines = new List<byte[]>();
        var plannedLines = new List<byte[]>();
        var olderLines = new List<byte[]>();
        foreach (var line in new HistoryGenerator(pipeline).Generate(new GenerationOptions(events, 42)))
        {
            var d = upcaster.Decode(line.Json);
            if (!d.IsSuccess) continue;
            var envelope = d.Envelope!;
            var latest = pipeline.Catalog.Types.FirstOrDefault(t => t.Name == envelope.Type)?.LatestVersion == envelope.Version;
            (envelope.Data is not null ? olderLines : latest ? latestLines : plannedLines).Add(line.Json.ToArray());
        }
        if (Environment.GetEnvironmentVariable("LAKE_SPLIT_PROFILE") is { } only)
        {
            // For a profiler: one path's lines, processed over and over.
            var chosen = only == "latest" ? latestLines : only == "planned" ? plannedLines : olderLines;
            for (var round = 0; round < 20; round++) foreach (var l in chosen) upcaster.Process(l);
            return;
        }
        var all = latestLines.Concat(plannedLines).Concat(olderLines).ToList();
        var valid = Best(() => { foreach (var l in all) System.Text.Unicode.Utf8.IsValid(l); });
        var ascii = Best(() => { foreach (var l in all) System.Text.Ascii.IsValid(l); });
        var nonAscii = all.Count(l => !System.Text.Ascii.IsValid(l));
        Console.WriteLine($"UTF-8 validation {valid * 1e9 / all.Count:N0} ns/line, ASCII check {ascii * 1e9 / all.Count:N0} ns/line; {nonAscii:N0} of {all.Count:N0} lines are not ASCII");
        foreach (var (name, lines) in new[] { ("latest version", latestLines), ("older, by a plan", plannedLines), ("older, general path", olderLines) })
        {
            if (lines.Count == 0) continue;
            for (var w = 0; w < 2; w++) foreach (var l in lines) upcaster.Process(l);
            var decode = Best(() => { foreach (var l in lines) upcaster.Decode(l); });
            var general = Best(() => { foreach (var l in lines) EnvelopeDecoder.Decode(l); });
            var total = Best(() => { foreach (var l in lines) upcaster.Process(l); });
            var gcs = GC.CollectionCount(0);
            var pause = GC.GetTotalPauseDuration();
            var before = GC.GetAllocatedBytesForCurrentThread();
            foreach (var l in lines) upcaster.Process(l);
            var bytes = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)lines.Count;
            using (var sampler = new AllocationSampler())
            {
                sampler.Recording = true;
                foreach (var l in lines) upcaster.Process(l);
                sampler.Recording = false;
                Console.WriteLine("  sampled bytes per line by type: " + string.Join(", ", sampler.Top(14).Select(t => $"{t.Type.Split('.')[^1]} {t.Bytes / (double)lines.Count:N0}")));
            }
            Console.WriteLine($"{name}: {lines.Count:N0} lines; decode {decode * 1e9 / lines.Count:N0} ns (general decoder {general * 1e9 / lines.Count:N0} ns), decode+upcast+validate {total * 1e9 / lines.Count:N0} ns, {bytes:N0} B/line; {GC.CollectionCount(0) - gcs} gen0 collections, {(GC.GetTotalPauseDuration() - pause).TotalMilliseconds * 1e6 / lines.Count:N0} ns/line paused");
        }
    }

    private static double Best(Action a)
    {
        var best = double.MaxValue;
        for (var i = 0; i < 3; i++)
        {
            var sw = Stopwatch.StartNew();
            a();
            best = Math.Min(best, sw.Elapsed.TotalSeconds);
        }
        return best;
    }
}

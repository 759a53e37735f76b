using Lake.Generation;
using Lake.Pipelines;

namespace Lake.Benchmarks;

/// <summary>Where generation's bytes go, by type (bench generate-alloc; not in make bench).</summary>
internal static class GenerateAllocations
{
    public static void Run(string pipelineDir, int events)
    {
        var pipeline = PipelineLoader.Load(pipelineDir);
        var generator = new HistoryGenerator(pipeline);
        foreach (var _ in generator.Generate(new GenerationOptions(200_000, 3))) { }
        using var sampler = new AllocationSampler { Recording = true };
        var before = GC.GetTotalAllocatedBytes(precise: true);
        long lines = 0;
        foreach (var _ in generator.Generate(new GenerationOptions(events, 7))) lines++;
        var total = GC.GetTotalAllocatedBytes(precise: true) - before;
        sampler.Recording = false;
        Console.WriteLine($"{total / (double)lines:N0} bytes allocated per line, all threads; sampled by type: "
            + string.Join(", ", sampler.Top(25).Select(t => $"{t.Type} {t.Bytes / (double)lines:N0}")));
    }
}

using Lake.Pipelines;
using Lake.Tests.Cli;

namespace Lake.Tests.Serve;

/// <summary>A copy of a sample pipeline with extra pipeline.yaml text (e.g. a schedules: section), loaded.</summary>
internal static class ServeTestPipeline
{
    public static PipelineDefinition With(TempFolder folder, string pipeline, string yaml)
    {
        var dir = folder.Copy(Repo.Pipeline(pipeline), pipeline);
        File.AppendAllText(Path.Combine(dir, PipelineLoader.PipelineFile), "\n" + yaml);
        return PipelineLoader.Load(dir);
    }

    /// <summary>Parquet files in the lake's zones (not its _lake/ bookkeeping): count and bytes.</summary>
    public static (long Files, long Bytes) ParquetFiles(string lake)
    {
        var files = Directory.GetFiles(lake, "*.parquet", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(lake, f).StartsWith("_lake", StringComparison.Ordinal)).ToList();
        return (files.Count, files.Sum(f => new FileInfo(f).Length));
    }

    public static void WaitUntil(Func<bool> condition, TimeSpan timeout, Func<string> explain)
    {
        // 250 ms: the conditions here scrape /metrics or query job storage, work the server under test would share the cores with.
        if (!Poll.Until(condition, timeout, intervalMs: 250)) throw new TimeoutException(explain());
    }
}

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
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException(explain());
            Thread.Sleep(250);
        }
    }
}

using Lake.Generation;
using Lake.Pipelines;

namespace Lake.Tests.Generation;

/// <summary>Regression: stats were counted when lines were queued, so lines still queued when the run stopped at --events were counted but never written.</summary>
public class GenerationStatsCountOnlyWrittenLines
{
    [Theory]
    [InlineData("shop", 1_000)]
    [InlineData("bank", 777)]
    public void Stats_count_only_lines_actually_written_not_those_left_queued_when_the_run_stops(string name, long events)
    {
        var pipeline = PipelineLoader.Load(Repo.Pipeline(name));
        var options = new GenerationOptions(events, 5) { BadShare = 0.05, DuplicateShare = 0.2, LateShare = 0.3 };
        var stats = new GenerationStats();
        var lines = new HistoryGenerator(pipeline).Generate(options, stats).ToList();
        Assert.Equal(events, lines.Count);
        Assert.Equal(events, stats.Lines);
        Assert.Equal(stats.Lines, stats.ByTypeAndVersion.Values.Sum() + stats.Bad);
        Assert.True(stats.Duplicates > 0 && stats.Late > 0 && stats.Bad > 0);
    }
}

using System.Text.RegularExpressions;
using Lake.Core.Schema;
using Lake.Generation;
using Lake.Pipelines;
using Lake.Tests.Cli;

namespace Lake.Tests.Generation;

public partial class HistorySpanCanBeChosen
{
    [GeneratedRegex("\"occurred_at\":\"(\\d{4}-\\d{2}-\\d{2})")]
    private static partial Regex OccurredDay();

    private static SortedSet<string> Days(IEnumerable<GeneratedLine> lines)
    {
        var days = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            var m = OccurredDay().Match(System.Text.Encoding.UTF8.GetString(line.Json));
            if (m.Success) days.Add(m.Groups[1].Value);
        }
        return days;
    }

    [Fact]
    public void A_shop_history_of_one_day_has_every_event_occur_on_the_start_day_or_the_next_while_the_default_spans_the_pipelines_sixty()
    {
        var generator = new HistoryGenerator(PipelineLoader.Load(Repo.Pipeline("shop")));
        var oneDay = Days(generator.Generate(new GenerationOptions(20_000, 3) { Days = 1 }));
        Assert.Equal(["2026-09-01", "2026-09-02"], oneDay);
        var byDefault = Days(generator.Generate(new GenerationOptions(20_000, 3)));
        Assert.True(byDefault.Count >= 60, $"the pipeline's 60 days gave {byDefault.Count} days of occurred_at");
    }

    [Fact]
    public void Lake_generate_days_narrows_the_history_and_rejects_zero_naming_the_option_and_the_range()
    {
        using var temp = new TempFolder();
        var ok = LakeCli.InProcess("generate", "--pipeline", Repo.Pipeline("shop"), "--events", "2000", "--days", "2", "--out", temp["two.ndjson"]);
        Assert.Equal(0, ok.ExitCode);
        var days = File.ReadLines(temp["two.ndjson"]).Select(l => OccurredDay().Match(l)).Where(m => m.Success).Select(m => m.Groups[1].Value).ToHashSet();
        Assert.Subset(new HashSet<string> { "2026-09-01", "2026-09-02", "2026-09-03" }, days);

        var bad = LakeCli.InProcess("generate", "--pipeline", Repo.Pipeline("shop"), "--events", "10", "--days", "0", "--out", temp["zero.ndjson"]);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--days 0", bad.Err);
        Assert.Contains("from 1 to 36500", bad.Err);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-3")]
    [InlineData("1.5")]
    [InlineData("many")]
    public void Days_in_pipeline_yaml_that_are_not_a_whole_number_from_1_are_rejected_naming_the_file_and_the_fix(string days)
    {
        using var temp = new TempFolder();
        var pipeline = temp["shop"];
        Repo.CopyFolder(Repo.Pipeline("shop"), pipeline);
        var yaml = Path.Combine(pipeline, "pipeline.yaml");
        File.WriteAllText(yaml, File.ReadAllText(yaml).Replace("  days: 60\n", $"  days: {days}\n", StringComparison.Ordinal));

        var definition = PipelineLoader.Load(pipeline);
        var e = Assert.Throws<CatalogException>(() => { GeneratorSettings.Read(definition); });
        Assert.Contains(yaml, e.Message);
        Assert.Contains("generator.days", e.Message);
        Assert.Contains("whole number from 1 to 36500", e.Message);
    }
}

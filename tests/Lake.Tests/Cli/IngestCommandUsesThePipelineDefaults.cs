namespace Lake.Tests.Cli;

/// <summary><c>lake ingest</c> takes its source from pipeline.yaml when --source is not given, and says what to do when there is none.</summary>
public class IngestCommandUsesThePipelineDefaults
{
    private const string Line = """{"metadata":{"id":"e-1","type":"order_confirmed","version":1,"occurred_at":"2026-11-20T10:00:00Z"},"data":{"order_id":"o-1","confirmed_by":"x"}}""";

    [Fact]
    public void Without_source_the_pipelines_declared_source_relative_to_its_folder_is_ingested()
    {
        using var temp = new TempFolder();
        var pipeline = temp.Copy(Repo.Pipeline("shop"), "shop");
        File.AppendAllText(Path.Combine(pipeline, "pipeline.yaml"), "source: files:exports\n");
        Directory.CreateDirectory(Path.Combine(pipeline, "exports"));
        File.WriteAllText(Path.Combine(pipeline, "exports", "day1.ndjson"), Line + "\n" + Line.Replace("e-1", "e-2") + "\n");

        var outcome = LakeCli.InProcess("ingest", "--pipeline", pipeline, "--lake", temp["lake"]);

        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains("events curated                   2", outcome.Out);
        Assert.Single(Directory.GetFiles(temp["lake"], "*.parquet", SearchOption.AllDirectories), f => f.Contains("event_type=order_confirmed"));
    }

    [Fact]
    public void Without_source_and_without_a_declared_one_the_error_names_both_fixes()
    {
        using var temp = new TempFolder();
        var outcome = LakeCli.InProcess("ingest", "--pipeline", Repo.Pipeline("shop"), "--lake", temp["lake"]);
        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("pass --source files:", outcome.Err);
        Assert.Contains("declare 'source: files:<path>'", outcome.Err);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("65")]
    public void Lanes_out_of_range_exit_2_naming_the_option_and_the_range_before_any_connection(string lanes)
    {
        using var temp = new TempFolder();
        var outcome = LakeCli.InProcess("ingest", "--pipeline", Repo.Pipeline("shop"), "--bootstrap", "127.0.0.1:1", "--lanes", lanes, "--lake", temp["lake"]);
        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains($"--lanes {lanes} is out of range", outcome.Err);
        Assert.Contains("1 to 64", outcome.Err);
    }
}

namespace Lake.Tests.Cli;

public class GenerateCommandRejectsBadInput
{
    [Fact]
    public void A_pipeline_folder_that_does_not_exist_exits_2_saying_so()
    {
        using var temp = new TempFolder();
        var missing = temp["no-such-pipeline"];
        var outcome = LakeCli.InProcess("generate", "--pipeline", missing, "--events", "10", "--out", temp["out.ndjson"]);
        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains(missing, outcome.Err);
        Assert.Contains("does not exist", outcome.Err);
        Assert.False(File.Exists(temp["out.ndjson"]));
    }

    [Fact]
    public void Generate_writes_the_requested_lines_to_a_file_and_exits_0()
    {
        using var temp = new TempFolder();
        var outcome = LakeCli.InProcess("generate", "--pipeline", Repo.Pipeline("bank"), "--events", "500", "--seed", "3", "--out", temp["out.ndjson.gz"]);
        Assert.Equal(0, outcome.ExitCode);
        using var gz = new System.IO.Compression.GZipStream(File.OpenRead(temp["out.ndjson.gz"]), System.IO.Compression.CompressionMode.Decompress);
        using var reader = new StreamReader(gz);
        Assert.Equal(500, reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains("wrote 500 lines", outcome.Err);
    }
}

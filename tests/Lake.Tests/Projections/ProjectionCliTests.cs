using Lake.Projections.Snapshots;
using Lake.Tests.Cli;

namespace Lake.Tests.Projections;

/// <summary>lake rebuild and lake snapshot: paths and metadata, checkpoint reuse, and clear errors for bad input.</summary>
public sealed class ProjectionCliTests(BankProjectionLake bank) : IClassFixture<BankProjectionLake>
{
    [Fact]
    public void Rebuild_writes_the_snapshot_under_the_projection_as_of_and_known_at_path_with_both_times_in_its_metadata()
    {
        var outcome = LakeCli.InProcess("rebuild", "--pipeline", bank.Pipeline.Directory, "--projection", "account_balance",
            "--as-of", "2026-02-28T23:59:59Z", "--known-at", "2026-03-01T12:00:00+02:00", "--lake", bank.Lake);
        Assert.Equal(0, outcome.ExitCode);
        var file = Path.Combine(bank.Lake, "snapshots", "projection=account_balance", "as_of=20260228T235959Z", "known_at=20260301T100000Z", "snapshot.parquet");
        Assert.True(File.Exists(file), outcome.Out + outcome.Err);
        var metadata = SnapshotFile.Metadata(file);
        Assert.Equal("2026-02-28T23:59:59Z", metadata["lake.as_of"]);
        Assert.Equal("2026-03-01T10:00:00Z", metadata["lake.known_at"]);
        Assert.Contains("events applied", outcome.Out);
        using var duck = new Lake.Duck();
        Assert.Equal(long.Parse(metadata["lake.rows"]), duck.Scalar<long>($"SELECT count(*) FROM read_parquet('{file}', hive_partitioning = false)"));
    }

    [Fact]
    public void Rebuild_with_a_key_budget_says_how_many_passes_it_took_and_writes_the_same_file()
    {
        using var temp = new TempFolder();
        var args = new[] { "rebuild", "--pipeline", bank.Pipeline.Directory, "--projection", "account_balance", "--as-of", "2026-03-31T00:00:00Z", "--lake", bank.Lake, "--full-replay" };
        var whole = LakeCli.InProcess([.. args, "--out", temp["whole"]]);
        var bounded = LakeCli.InProcess([.. args, "--out", temp["bounded"], "--max-keys", "100"]);
        var zero = LakeCli.InProcess([.. args, "--out", temp["zero"], "--max-keys", "0"]);

        Assert.Equal(0, bounded.ExitCode);
        Assert.Matches(@"keys in \d+ key-partitioned passes", bounded.Out);
        Assert.DoesNotContain("passes", whole.Out);
        Assert.Equal(File.ReadAllBytes(Path.Combine(temp["whole"], "snapshot.parquet")), File.ReadAllBytes(Path.Combine(temp["bounded"], "snapshot.parquet")));
        Assert.Equal(2, zero.ExitCode);
        Assert.Contains("--max-keys 0 must be at least 1", zero.Err);
    }

    [Fact]
    public void Snapshot_stores_a_checkpoint_that_a_later_rebuild_starts_from_and_a_changed_definition_does_not()
    {
        using var temp = new TempFolder();
        var pipeline = temp.Copy(bank.Pipeline.Directory, "bank");
        var lake = temp.Copy(bank.Lake, "lake");
        var snapshot = LakeCli.InProcess("snapshot", "--pipeline", pipeline, "--projection", "account_balance", "--as-of", "2026-03-01T00:00:00Z", "--lake", lake);
        Assert.Equal(0, snapshot.ExitCode);
        Assert.Contains("checkpoint", snapshot.Out);
        var rebuild = LakeCli.InProcess("rebuild", "--pipeline", pipeline, "--projection", "account_balance", "--as-of", "2026-03-02T00:00:00Z", "--lake", lake);
        Assert.Equal(0, rebuild.ExitCode);
        Assert.Contains("started from the checkpoint as of 2026-03-01T00:00:00Z", rebuild.Out);

        var yaml = Path.Combine(pipeline, "projections", "account_balance.yaml");
        File.WriteAllText(yaml, File.ReadAllText(yaml).Replace("increment: event_count", "increment: [event_count]"));
        var changed = LakeCli.InProcess("rebuild", "--pipeline", pipeline, "--projection", "account_balance", "--as-of", "2026-03-02T00:00:00Z", "--lake", lake);
        Assert.Equal(0, changed.ExitCode);
        Assert.Contains("full replay", changed.Out);
    }

    [Theory]
    [InlineData("--projection", "balances", "has no projection 'balances'", "account_balance")]
    [InlineData("--as-of", "2026-06-30", "is not a time", "2026-06-30T23:59:59Z")]
    [InlineData("--as-of", "2026-06-30T23:59:59", "is not a time", "with a zone")]
    [InlineData("--known-at", "yesterday", "--known-at 'yesterday' is not a time", "ISO 8601")]
    [InlineData("--lake", "/nonexistent/lake", "does not exist", "--lake")]
    public void Bad_input_is_refused_with_exit_code_2_and_a_message_naming_the_fix(string option, string value, string problem, string fix)
    {
        var args = new Dictionary<string, string>
        {
            ["--pipeline"] = bank.Pipeline.Directory, ["--projection"] = "account_balance", ["--as-of"] = "2026-03-01T00:00:00Z", ["--lake"] = bank.Lake,
        };
        args[option] = value;
        var outcome = LakeCli.InProcess(["rebuild", .. args.SelectMany(kv => new[] { kv.Key, kv.Value })]);
        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains(problem, outcome.Err);
        Assert.Contains(fix, outcome.Err);
    }
}

using Lake.Tests.Cli;

namespace Lake.Tests.Projections;

/// <summary>The same rebuild gives the same bytes: no wall-clock value, no hash-order dependence, in-process or through the CLI.</summary>
public sealed class DeterminismTests(BankProjectionLake bank) : IClassFixture<BankProjectionLake>
{
    [Fact]
    public void The_same_rebuild_twice_through_the_cli_writes_byte_identical_snapshot_files()
    {
        using var temp = new TempFolder();
        var args = new[] { "rebuild", "--pipeline", bank.Pipeline.Directory, "--projection", "account_balance", "--as-of", "2026-03-31T23:59:59Z", "--known-at", "2026-04-01T06:00:00Z", "--lake", bank.Lake };
        var first = LakeCli.InProcess([.. args, "--out", temp["one"]]);
        var second = LakeCli.InProcess([.. args, "--out", temp["two"]]);
        Assert.Equal(0, first.ExitCode);
        Assert.Equal(0, second.ExitCode);
        var a = File.ReadAllBytes(Path.Combine(temp["one"], "snapshot.parquet"));
        var b = File.ReadAllBytes(Path.Combine(temp["two"], "snapshot.parquet"));
        Assert.Equal(a, b);
        using var duck = new Lake.Duck();
        Assert.True(duck.Scalar<long>($"SELECT count(*) FROM read_parquet('{Path.Combine(temp["one"], "snapshot.parquet")}')") > 100);
    }

    [Fact]
    public void Rebuilds_of_different_times_give_different_files_and_the_same_time_the_same_file_in_the_lake()
    {
        var projection = Projections.Load(bank, "account_balance");
        var at = new DateTime(2026, 2, 15, 12, 0, 0, DateTimeKind.Utc);
        var one = Projections.Bytes(Projections.Rebuild(bank.Lake, projection, at, null));
        var two = Projections.Bytes(Projections.Rebuild(bank.Lake, projection, at, null));
        var later = Projections.Bytes(Projections.Rebuild(bank.Lake, projection, at.AddDays(1), null));
        Assert.Equal(one, two);
        Assert.NotEqual(one, later);
    }
}

using System.Text.RegularExpressions;
using Lake.Tests.Kafka;

namespace Lake.Tests.Serve;

/// <summary>Two <c>lake serve</c> processes on one PostgreSQL and one consumer group: Kafka partitions split between them and move on a crash.</summary>
[Collection(ServeCollection.Name)]
public class ServeProcessTests
{
    [Fact]
    public void Two_servers_split_the_partitions_and_when_one_is_killed_mid_stream_the_other_takes_them_and_the_lake_is_exactly_once()
    {
        using var postgres = new ThrowawayPostgres();
        using var history = new KafkaHistory("bank", 6000, 96, produce: false);
        var lake = history.NewLake("lake");
        string[] Args() =>
            ["serve", "--pipeline", history.Pipeline.Directory, "--lake", lake, "--bootstrap", history.Cluster.BootstrapServers, "--group", "serve",
             "--storage", postgres.ConnectionString, "--urls", "http://127.0.0.1:0", "--poll-interval", "1s", "--session-timeout", "6s", "--max-latency", "300ms"];
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        // B starts once A serves: two servers creating Hangfire's schema in a fresh database at once is not what this tests.
        using var a = LakeProcess.Start(Args());
        var urlA = Url(a);
        using var b = LakeProcess.Start(Args());
        var urlB = Url(b);
        // A scrape that fails or times out on a loaded machine is "not yet", not a failure of the test.
        string Metrics(Uri url)
        {
            try { return http.GetStringAsync(new Uri(url, "/metrics")).GetAwaiter().GetResult(); }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { return ""; }
        }
        HashSet<int> Held(Uri url) => [.. Regex.Matches(Metrics(url), @"^lake_consumer_lag\{topic=""bank\.events"",partition=""(\d+)""\}", RegexOptions.Multiline)
            .Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))];
        string Logs() => "A:\n" + string.Join("\n", a.Lines) + "\nB:\n" + string.Join("\n", b.Lines);

        ServeTestPipeline.WaitUntil(() => Held(urlA) is { Count: > 0 } ha && Held(urlB) is { Count: > 0 } hb && !ha.Overlaps(hb) && ha.Count + hb.Count == 4,
            TimeSpan.FromSeconds(90), () => "the partitions were not split:\n" + Logs());
        var producing = Task.Run(() => history.Produce(rate: 1500));
        Thread.Sleep(1500);
        Assert.False(b.HasExited, Logs());
        b.Kill();

        ServeTestPipeline.WaitUntil(() => Held(urlA).Count == 4, TimeSpan.FromSeconds(60), () => "A did not take B's partitions:\n" + Logs());
        producing.GetAwaiter().GetResult();
        ServeTestPipeline.WaitUntil(() => Regex.Matches(Metrics(urlA), @"^lake_consumer_lag\{.*\} 0$", RegexOptions.Multiline).Count == 4,
            TimeSpan.FromSeconds(60), () => "A did not catch up:\n" + Logs());
        // Longer than the server's own 30 s shutdown allowance, so a slow shutdown shows as its exit code, not a timeout here.
        Assert.Equal(0, a.Stop(TimeSpan.FromSeconds(90)));

        history.AssertExactlyOnce(lake);
    }

    private static Uri Url(LakeProcess process)
    {
        Assert.True(process.WaitForLine(l => l.StartsWith("lake: serving", StringComparison.Ordinal), TimeSpan.FromSeconds(60)), string.Join("\n", process.Lines));
        var line = process.Lines.First(l => l.StartsWith("lake: serving", StringComparison.Ordinal));
        return new Uri(Regex.Match(line, @" on (http://[^;,\s]+)").Groups[1].Value);
    }
}

using Lake.Kafka;
using Lake.Pipelines;
using Lake.Storage;

namespace Lake.Tests.Kafka;

/// <summary>A member heartbeats often enough for its session timeout: a late heartbeat must not cost it its partitions.</summary>
public class HeartbeatIntervalTests
{
    [Theory]
    [InlineData(3_000, 1_000)]
    [InlineData(6_000, 2_000)]
    [InlineData(10_000, 3_000)]
    [InlineData(45_000, 3_000)]
    public void The_heartbeat_is_a_third_of_the_session_timeout_and_at_most_librdkafkas_default(int sessionTimeoutMs, int heartbeatMs)
    {
        var pipeline = PipelineLoader.Load(Repo.Pipeline("bank"));
        var options = new KafkaIngestOptions { BootstrapServers = "127.0.0.1:1", GroupId = "g", Topics = ["bank.events"], SessionTimeoutMs = sessionTimeoutMs };
        var config = new KafkaIngestor(pipeline.Catalog, new LocalFolderStore(Path.GetTempPath()), options).ConsumerConfig();
        Assert.Equal(heartbeatMs, config.HeartbeatIntervalMs);
        Assert.Equal(sessionTimeoutMs, config.SessionTimeoutMs);
    }
}

using System.Runtime.InteropServices;
using System.Text;

namespace Lake.Kafka;

/// <summary>
/// A Kafka cluster served by librdkafka's mock brokers on loopback TCP ports: the real wire protocol without Java or Docker.
/// Data lives in memory and each partition keeps only about 5 MiB (see ../shared/FIELD-NOTES.md for the limits).
/// </summary>
public sealed class MockCluster : IDisposable
{
    private IntPtr _handle;
    private IntPtr _cluster;

    private MockCluster(IntPtr handle, IntPtr cluster, int brokers)
    {
        _handle = handle;
        _cluster = cluster;
        Brokers = brokers;
        BootstrapServers = Marshal.PtrToStringUTF8(MockClusterNative.rd_kafka_mock_cluster_bootstraps(cluster))
            ?? throw new InvalidOperationException("the mock cluster has no bootstrap servers");
    }

    /// <summary>Host:port list of the mock brokers, for bootstrap.servers.</summary>
    public string BootstrapServers { get; }
    public int Brokers { get; }

    public static MockCluster Start(int brokers = 3)
    {
        if (brokers is < 1 or > 16) throw new ArgumentOutOfRangeException(nameof(brokers), brokers, "a dev cluster has 1 to 16 brokers");
        Librdkafka.EnsureLoaded();
        var error = new byte[512];
        var conf = MockClusterNative.rd_kafka_conf_new();
        // Quiet: the hosting handle never produces; its logs would only repeat the brokers' own.
        MockClusterNative.rd_kafka_conf_set(conf, "log_level", "3", error, (nuint)error.Length);
        var handle = MockClusterNative.rd_kafka_new(0, conf, error, (nuint)error.Length);
        if (handle == IntPtr.Zero) throw new InvalidOperationException("librdkafka could not create a handle: " + Text(error));
        var cluster = MockClusterNative.rd_kafka_mock_cluster_new(handle, brokers);
        if (cluster == IntPtr.Zero)
        {
            MockClusterNative.rd_kafka_destroy(handle);
            throw new InvalidOperationException("librdkafka could not start a mock cluster");
        }
        // Consumer groups join at once instead of waiting for more members (tests and demos start members together).
        MockClusterNative.rd_kafka_mock_group_initial_rebalance_delay_ms(cluster, 0);
        return new MockCluster(handle, cluster, brokers);
    }

    /// <summary>Creates a topic (the Admin API's CreateTopics does not work against mock brokers).</summary>
    public void CreateTopic(string name, int partitions, int replication = 1)
    {
        if (string.IsNullOrWhiteSpace(name) || partitions < 1) throw new ArgumentException($"topic '{name}' needs a name and at least one partition");
        Check(MockClusterNative.rd_kafka_mock_topic_create(Live(), name, partitions, Math.Min(replication, Brokers)), $"create topic {name}");
    }

    public void SetBrokerDown(int brokerId) => Check(MockClusterNative.rd_kafka_mock_broker_set_down(Live(), brokerId), $"take broker {brokerId} down");

    public void SetBrokerUp(int brokerId) => Check(MockClusterNative.rd_kafka_mock_broker_set_up(Live(), brokerId), $"bring broker {brokerId} up");

    public void MoveLeader(string topic, int partition, int brokerId) =>
        Check(MockClusterNative.rd_kafka_mock_partition_set_leader(Live(), topic, partition, brokerId), $"move {topic}[{partition}] to broker {brokerId}");

    /// <summary>The next requests of an API (e.g. 1 = Fetch, 8 = OffsetCommit) fail with these Kafka error codes, in order.</summary>
    public void InjectRequestErrors(short apiKey, params int[] errorCodes) =>
        MockClusterNative.rd_kafka_mock_push_request_errors_array(Live(), apiKey, (nuint)errorCodes.Length, errorCodes);

    private IntPtr Live() => _cluster != IntPtr.Zero ? _cluster : throw new ObjectDisposedException(nameof(MockCluster));

    private static void Check(int code, string what)
    {
        if (code != 0) throw new InvalidOperationException($"mock cluster: could not {what}: Kafka error {code}");
    }

    private static string Text(byte[] buffer) => Encoding.UTF8.GetString(buffer, 0, Math.Max(0, Array.IndexOf(buffer, (byte)0)));

    public void Dispose()
    {
        if (_cluster != IntPtr.Zero) MockClusterNative.rd_kafka_mock_cluster_destroy(_cluster);
        if (_handle != IntPtr.Zero) MockClusterNative.rd_kafka_destroy(_handle);
        _cluster = _handle = IntPtr.Zero;
    }
}

using Lake.Generation;
using Lake.Ingest;
using Lake.Kafka;
using Lake.Pipelines;
using Lake.Storage;
using Lake.Tests.Lake;

namespace Lake.Tests.Kafka;

/// <summary>
/// A dev broker with a sample pipeline's topics, a generated history produced onto them, and the same history ingested from a
/// file into a reference lake: whatever the Kafka path does, its lake must hold what the reference holds.
/// </summary>
public sealed class KafkaHistory : IDisposable
{
    public KafkaHistory(string pipeline, int events, int seed, int partitions = 4, bool produce = true)
    {
        Pipeline = PipelineLoader.Load(Repo.Pipeline(pipeline));
        Root = Path.Combine(Path.GetTempPath(), "lake-kafka-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
        Cluster = MockCluster.Start(brokers: 3);
        foreach (var topic in Pipeline.Topics.Keys) Cluster.CreateTopic(topic, partitions, replication: 3);
        Options = new GenerationOptions(events, seed) { BadShare = 0.005 };
        var input = Path.Combine(Root, pipeline + ".ndjson");
        using (var f = File.Create(input)) new HistoryGenerator(Pipeline).Write(f, Options);
        ReferenceLake = Path.Combine(Root, "reference");
        Reference = new LakeIngestor(Pipeline.Catalog, ReferenceLake).IngestFiles(SourceFile.Resolve(input));
        if (produce) Produce();
    }

    public PipelineDefinition Pipeline { get; }
    public string Root { get; }
    public MockCluster Cluster { get; }
    public GenerationOptions Options { get; }
    public string ReferenceLake { get; }
    public IngestSummary Reference { get; }

    public ProduceSummary Produce(int rate = 0, Action<long>? beforeEach = null) =>
        new HistoryProducer(Pipeline, Cluster.BootstrapServers) { Rate = rate, BeforeEach = beforeEach }.Produce(Options);

    public string NewLake(string name) => Path.Combine(Root, name);

    public KafkaIngestOptions Consumer(string group, bool untilIdle = true) => new()
    {
        BootstrapServers = Cluster.BootstrapServers,
        GroupId = group,
        Topics = [.. Pipeline.Topics.Keys],
        UntilIdle = untilIdle,
        SessionTimeoutMs = 6000,
        MaxPollIntervalMs = 10_000,
        Ingest = new IngestOptions { PipelineDirectory = Pipeline.Directory },
    };

    public IngestSummary Ingest(string lake, string group, Func<KafkaIngestOptions, KafkaIngestOptions>? adjust = null) =>
        new KafkaIngestor(Pipeline.Catalog, new LocalFolderStore(lake), (adjust ?? (o => o))(Consumer(group))).Run();

    /// <summary>The lake holds every produced record once in raw, the reference's events and quarantine exactly, and verifies clean.</summary>
    public void AssertExactlyOnce(string lake)
    {
        using var duck = new Duck();
        var raw = Duck.Zone(lake, "raw");
        Assert.Equal(Reference.Records, duck.Scalar<long>($"SELECT count(*) FROM {raw}"));
        Assert.Equal(Reference.Records, duck.Scalar<long>($"SELECT count(DISTINCT (source, source_partition, source_offset)) FROM {raw}"));
        const string events = "event_type, event_id, event_version, aggregate_id, occurred_at";
        Assert.Equal(Reference.Curated, duck.Scalar<long>($"SELECT count(*) FROM {Duck.Events(lake)}"));
        Assert.Equal(0, duck.Scalar<long>($"SELECT count(*) FROM (SELECT {events} FROM {Duck.Events(lake)} EXCEPT ALL SELECT {events} FROM {Duck.Events(ReferenceLake)})"));
        Assert.Equal(0, duck.Scalar<long>($"SELECT count(*) FROM (SELECT {events} FROM {Duck.Events(ReferenceLake)} EXCEPT ALL SELECT {events} FROM {Duck.Events(lake)})"));
        const string quarantined = "reason, md5(payload)";
        Assert.Equal(Reference.Quarantined, duck.Scalar<long>($"SELECT count(*) FROM {Duck.Zone(lake, "quarantine")}"));
        Assert.Equal(0, duck.Scalar<long>($"SELECT count(*) FROM (SELECT {quarantined} FROM {Duck.Zone(lake, "quarantine")} EXCEPT ALL SELECT {quarantined} FROM {Duck.Zone(ReferenceLake, "quarantine")})"));
        var report = LakeVerifier.Verify(lake);
        Assert.True(report.IsClean, string.Join("\n", report.Violations));
        Assert.True(report.Uncommitted.Count == 0, "left behind: " + string.Join("\n", report.Uncommitted));
    }

    public void Dispose()
    {
        Cluster.Dispose();
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }
}

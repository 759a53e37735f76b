using System.Diagnostics;
using Confluent.Kafka;
using Lake.Generation;
using Lake.Kafka;
using Lake.Pipelines;

namespace Lake.Benchmarks;

/// <summary>
/// Issue 5's comparison, same topics, same run, against the dev broker over TCP: (a) a bare Confluent.Kafka consume loop (the
/// ceiling), (b) <c>lake ingest --until-idle</c> as its own process into a local lake, with its peak RSS.
/// </summary>
internal static class KafkaBenchmark
{
    public static void Run(string repo, int events, int partitions, int spanDays)
    {
        var pipeline = PipelineLoader.Load(Path.Combine(repo, "pipelines", "shop"));
        using var cluster = MockCluster.Start(brokers: 3);
        foreach (var topic in pipeline.Topics.Keys) cluster.CreateTopic(topic, partitions, replication: 1);
        var produced = new HistoryProducer(pipeline, cluster.BootstrapServers).Produce(new GenerationOptions(events, 5) { Days = spanDays });

        var bare = BareConsume(cluster.BootstrapServers, pipeline.Topics.Keys.ToList(), partitions, produced.Messages);

        var lake = Path.Combine(repo, "out", "bench", "kafka-lake");
        Scratch.Clear(lake);
        var binary = Path.Combine(repo, "src", "Lake.Cli", "bin", "Release", "net10.0", "lake");
        var (seconds, peakKb, _) = TimedProcess.Run(binary,
            $"ingest --pipeline {pipeline.Directory} --bootstrap {cluster.BootstrapServers} --group bench --until-idle --lake {lake}");
        var days = Directory.GetDirectories(Path.Combine(lake, "events"), "dt=*", SearchOption.AllDirectories).Select(Path.GetFileName).Distinct().Count();
        var files = Directory.GetFiles(lake, "*.parquet", SearchOption.AllDirectories).Length;

        var topics = $"{pipeline.Topics.Count} topics x {partitions} partitions, history of {spanDays} day(s)";
        Console.WriteLine($"| bare Confluent.Kafka consume loop ({topics}, dev broker over TCP) | {produced.Messages:N0} | {produced.Messages / bare:N0} | | the ceiling |");
        Console.WriteLine($"| `lake ingest --until-idle`, own process ({topics}, {days} days of occurred_at) | {produced.Messages:N0} | {produced.Messages / seconds:N0} | | peak RSS {peakKb / 1024:N0} MiB, {files:N0} files (process start and group join included) |");
        Console.WriteLine($"| ratio lake ingest / bare consume | | {bare / seconds:F3}x | | goal >= 0.8x |");
    }

    private static double BareConsume(string bootstrap, List<string> topics, int partitions, long expected)
    {
        var clock = Stopwatch.StartNew();
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = "bench-bare",
            EnableAutoCommit = false,
            FetchMaxBytes = 64 << 20,
            MaxPartitionFetchBytes = 8 << 20,
            // The same fetch settings as lake's consumer, so the ceiling is not held back by librdkafka's 1 s fetch backoff either.
            FetchQueueBackoffMs = 50,
        }).SetLogHandler((_, _) => { }).Build();
        consumer.Assign(topics.SelectMany(t => Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset(t, p, Offset.Beginning))));
        long count = 0, bytes = 0;
        while (count < expected)
        {
            if (consumer.Consume(TimeSpan.FromSeconds(10)) is not { Message: not null } r) throw new InvalidOperationException($"bare consumer stalled at {count:N0} of {expected:N0}");
            count++;
            bytes += r.Message.Value?.Length ?? 0;
        }
        GC.KeepAlive(bytes);
        return clock.Elapsed.TotalSeconds;
    }
}

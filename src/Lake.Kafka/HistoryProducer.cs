using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using Lake.Generation;
using Lake.Pipelines;

namespace Lake.Kafka;

/// <summary>Publishes a generated history onto a pipeline's topics: key = aggregate id, value = the event, in recorded order.</summary>
public sealed class HistoryProducer(PipelineDefinition pipeline, string bootstrapServers)
{
    /// <summary>Send CloudEvents binary mode (ce_* headers, value = data) instead of Lake's envelope.</summary>
    public bool CloudEventsBinary { get; init; }
    /// <summary>Events per second at most; 0 = as fast as the broker takes them.</summary>
    public int Rate { get; init; }
    /// <summary>Called with the number of messages sent so far before each one is sent: tests hold the history back there.</summary>
    internal Action<long>? BeforeEach { get; init; }

    private static readonly TimeSpan StallLimit = TimeSpan.FromSeconds(60);

    public ProduceSummary Produce(GenerationOptions options, CancellationToken ct = default)
    {
        var missing = pipeline.Catalog.Types.Select(t => t.Name).Where(t => pipeline.TopicOf(t) is null).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException($"pipeline '{pipeline.Name}' declares no topic for {string.Join(", ", missing)}; list them under 'topics:' in pipeline.yaml");
        }
        var summary = new ProduceSummary();
        var config = new ProducerConfig { BootstrapServers = bootstrapServers, EnableIdempotence = true, LingerMs = 5, CompressionType = CompressionType.Lz4 };
        Exception? failure = null;
        using var producer = new ProducerBuilder<string?, byte[]>(config).Build();
        var clock = Stopwatch.StartNew();
        Stopwatch? stalled = null;
        foreach (var line in new HistoryGenerator(pipeline).Generate(options))
        {
            ct.ThrowIfCancellationRequested();
            BeforeEach?.Invoke(summary.Messages);
            // Bad lines keep the topic of the type they pretend to be; unknown types go to the first topic.
            var topic = pipeline.TopicOf(line.Type) ?? pipeline.Topics.Keys.First();
            var message = CloudEventsBinary && TryCloudEvent(line.Json, out var ce) ? ce : new Message<string?, byte[]> { Value = line.Json };
            message.Key = line.AggregateId;
            while (true)
            {
                try
                {
                    // Delivery reports arrive on librdkafka's thread: keep the first failure.
                    producer.Produce(topic, message, r => { if (r.Error.IsError) Interlocked.CompareExchange(ref failure, new KafkaException(r.Error), null); });
                    stalled = null;
                    break;
                }
                catch (ProduceException<string?, byte[]> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
                {
                    // A full queue that never drains means the broker takes nothing: say so instead of waiting forever.
                    stalled ??= Stopwatch.StartNew();
                    if (stalled.Elapsed > StallLimit) throw new KafkaException(new Error(ErrorCode.Local_QueueFull, $"{bootstrapServers}: no message delivered for {StallLimit.TotalSeconds:N0} s; is the broker up?"));
                    producer.Poll(TimeSpan.FromMilliseconds(50));
                }
            }
            summary.Count(topic);
            if (Rate > 0 && AheadMs(summary.Messages, Rate, clock.ElapsedMilliseconds) is var ahead and > 0) Thread.Sleep(ahead);
        }
        // Undelivered messages fail after message.timeout.ms (librdkafka's default: 5 minutes), so this wait is bounded.
        producer.Flush(ct);
        if (failure is not null) throw failure;
        summary.Elapsed = clock.Elapsed;
        return summary;
    }

    /// <summary>
    /// How far the producer is ahead of <paramref name="rate"/> messages a second, from one reading of the clock. Reading it twice
    /// (once to compare, once to subtract) gave a negative sleep when the thread was preempted in between, on a loaded machine.
    /// </summary>
    internal static int AheadMs(long messages, int rate, long elapsedMs) => (int)Math.Clamp(messages * 1000 / rate - elapsedMs, 0, int.MaxValue);

    /// <summary>Lake's envelope as CloudEvents binary mode; a line that is not a readable envelope is sent as it is.</summary>
    private static bool TryCloudEvent(byte[] json, out Message<string?, byte[]> message)
    {
        message = null!;
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (!doc.RootElement.TryGetProperty("metadata", out var m) || !doc.RootElement.TryGetProperty("data", out var data)) return false;
            var headers = new Headers();
            void Add(string name, string? value) { if (value is not null) headers.Add(name, Encoding.UTF8.GetBytes(value)); }
            Add("ce_specversion", "1.0");
            Add("ce_id", m.GetProperty("id").GetString());
            Add("ce_type", m.GetProperty("type").GetString());
            Add("ce_source", m.TryGetProperty("producer", out var p) ? p.GetString() : null);
            Add("ce_time", m.GetProperty("occurred_at").GetString());
            Add("ce_subject", m.TryGetProperty("aggregate_id", out var a) ? a.GetString() : null);
            Add("ce_dataversion", m.GetProperty("version").ToString());
            Add("content-type", "application/json");
            message = new Message<string?, byte[]> { Value = Encoding.UTF8.GetBytes(data.GetRawText()), Headers = headers };
            return true;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException)
        {
            return false;
        }
    }
}

using System.Collections.Concurrent;
using System.Text;
using Confluent.Kafka;

namespace Lake.Kafka;

/// <summary>
/// Sends quarantined records to a dead-letter topic as they were received, with <c>lake.reason</c>, <c>lake.message</c> and the
/// original topic, partition and offset in headers. At least once: a partition's letters are acknowledged before its lake commit.
/// </summary>
internal sealed class DeadLetters(string bootstrapServers, string topic, TimeSpan? acknowledgeTimeout = null, int? queueMessages = null) : IDisposable
{
    private static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(60);

    /// <summary>How long a commit waits for its partition's letters.</summary>
    private readonly TimeSpan _acknowledgeTimeout = acknowledgeTimeout ?? DefaultWait;

    /// <summary>When the producer gives a letter up: well before a commit stops waiting (librdkafka checks about once a second).</summary>
    private static int DeliveryTimeoutMs(TimeSpan wait) => (int)(wait - TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(10).Ticks, wait.Ticks / 2))).TotalMilliseconds;

    private readonly IProducer<byte[]?, byte[]?> _producer = new ProducerBuilder<byte[]?, byte[]?>(new ProducerConfig
    {
        BootstrapServers = bootstrapServers,
        EnableIdempotence = true,
        MessageMaxBytes = 64 << 20,
        // Given up before a commit stops waiting for it, so the commit fails with the delivery's own error (librdkafka's default,
        // 300 s, made every undeliverable letter read as "not acknowledged in time").
        MessageTimeoutMs = DeliveryTimeoutMs(acknowledgeTimeout ?? DefaultWait),
        QueueBufferingMaxMessages = queueMessages,
    }).Build();
    // Counted per source partition: a lane waits for its own partition's letters only. The producer's Flush waited for every
    // lane's, and read its queue length after the wait, so a letter another lane sent in between failed this lane's commit.
    private readonly ConcurrentDictionary<TopicPartition, Outstanding> _outstanding = new();

    /// <summary>Letters of one source partition sent and not yet acknowledged, and the first that failed.</summary>
    private sealed class Outstanding
    {
        public int Count;
        public Error? Failure;
    }

    public void Send(ConsumeResult<byte[]?, byte[]?> record, (string Reason, string Message)? verdict)
    {
        var headers = new Headers();
        foreach (var h in record.Message.Headers ?? []) headers.Add(h.Key, h.GetValueBytes());
        void Add(string name, string value) => headers.Add(name, Encoding.UTF8.GetBytes(value));
        Add("lake.reason", verdict?.Reason ?? "unknown");
        Add("lake.message", verdict?.Message ?? "");
        Add("lake.topic", record.Topic);
        Add("lake.partition", record.Partition.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Add("lake.offset", record.Offset.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var message = new Message<byte[]?, byte[]?> { Key = record.Message.Key, Value = record.Message.Value, Headers = headers, Timestamp = record.Message.Timestamp };
        var outstanding = _outstanding.GetOrAdd(record.TopicPartition, _ => new Outstanding());
        lock (outstanding) outstanding.Count++;
        var queued = false;
        try
        {
            while (true)
            {
                try
                {
                    _producer.Produce(topic, message, report => Acknowledged(outstanding, report.Error));
                    queued = true;
                    return;
                }
                catch (ProduceException<byte[]?, byte[]?> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
                {
                    // Serving delivery reports here too (alongside the producer's own thread) makes room sooner.
                    _producer.Poll(TimeSpan.FromMilliseconds(50));
                }
            }
        }
        finally
        {
            // Never queued: nothing will acknowledge it (the caller abandons the record's range).
            if (!queued) lock (outstanding) outstanding.Count--;
        }
    }

    private static void Acknowledged(Outstanding outstanding, Error error)
    {
        lock (outstanding)
        {
            if (error.IsError) outstanding.Failure ??= error;
            outstanding.Count--;
            Monitor.PulseAll(outstanding);
        }
    }

    /// <summary>
    /// Waits until every dead letter sent for <paramref name="source"/> is acknowledged; one that failed, or is not acknowledged
    /// in time, stops the commit rather than being dropped.
    /// </summary>
    public void Flush(TopicPartition source)
    {
        if (!_outstanding.TryGetValue(source, out var outstanding)) return;
        var deadline = DateTime.UtcNow + _acknowledgeTimeout;
        lock (outstanding)
        {
            while (outstanding.Count > 0)
            {
                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero)
                    throw new KafkaException(new Error(ErrorCode.Local_TimedOut, $"dead-letter topic {topic}: {outstanding.Count} record(s) from {source} not acknowledged within {_acknowledgeTimeout.TotalSeconds:0} s"));
                Monitor.Wait(outstanding, left);
            }
            if (outstanding.Failure is { } failure)
                throw new KafkaException(new Error(failure.Code, $"dead-letter topic {topic}: a record from {source} was not delivered: {failure.Reason}"));
        }
    }

    public void Dispose()
    {
        _producer.Flush(TimeSpan.FromSeconds(10));
        _producer.Dispose();
    }
}

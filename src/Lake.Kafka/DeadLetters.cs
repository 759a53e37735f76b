using System.Text;
using Confluent.Kafka;

namespace Lake.Kafka;

/// <summary>
/// Sends quarantined records to a dead-letter topic as they were received, with <c>lake.reason</c>, <c>lake.message</c> and the
/// original topic, partition and offset in headers. At least once: flushed before each lake commit.
/// </summary>
internal sealed class DeadLetters(string bootstrapServers, string topic) : IDisposable
{
    private readonly IProducer<byte[]?, byte[]?> _producer = new ProducerBuilder<byte[]?, byte[]?>(new ProducerConfig
    {
        BootstrapServers = bootstrapServers,
        EnableIdempotence = true,
        MessageMaxBytes = 64 << 20,
    }).Build();
    private Exception? _failure;

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
        while (true)
        {
            try
            {
                _producer.Produce(topic, message, r => { if (r.Error.IsError) Interlocked.CompareExchange(ref _failure, new KafkaException(r.Error), null); });
                return;
            }
            catch (ProduceException<byte[]?, byte[]?> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
            {
                _producer.Poll(TimeSpan.FromMilliseconds(50));
            }
        }
    }

    /// <summary>Waits until every dead letter is acknowledged; a failed one stops the ingest rather than being dropped.</summary>
    public void Flush()
    {
        // Other lanes may be sending meanwhile: this waits for theirs too, and fails rather than commit unacknowledged ones.
        var left = _producer.Flush(TimeSpan.FromSeconds(60));
        if (left > 0) throw new KafkaException(new Error(ErrorCode.Local_TimedOut, $"dead-letter topic {topic}: {left} record(s) not acknowledged within 60 s"));
        if (_failure is { } failure) throw new KafkaException(new Error(ErrorCode.Local_Fail, $"dead-letter topic {topic}: {failure.Message}"));
    }

    public void Dispose()
    {
        _producer.Flush(TimeSpan.FromSeconds(10));
        _producer.Dispose();
    }
}

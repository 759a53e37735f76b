namespace Lake.Kafka;

/// <summary>How far the lake is behind one topic partition: its high watermark minus the next offset the lake expects.</summary>
public readonly record struct PartitionLag(string Topic, int Partition, long Lag, long HighWatermark);

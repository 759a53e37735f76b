namespace Lake.Kafka;

/// <summary>
/// Where a seek by time starts or ends a partition, and whether a record at or after the time exists from there on (an answer
/// without one is the partition's end as it was, which moves as records arrive).
/// </summary>
public readonly record struct SeekAnswer(long Offset, bool RecordFound);

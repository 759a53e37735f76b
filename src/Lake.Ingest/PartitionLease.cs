namespace Lake.Ingest;

/// <summary>What a writer holds after claiming a source partition: its claim, and where to resume reading.</summary>
public sealed record PartitionLease(string Source, int Partition, long Epoch, string Writer, long ResumeFrom);

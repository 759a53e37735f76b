namespace Lake.Core.Sources;

/// <summary>Where an input record came from: a source (file or topic), a partition of it, and an offset within that partition.</summary>
public readonly record struct SourcePosition(string Source, int Partition, long Offset)
{
    public override string ToString() => $"{Source}[{Partition}]@{Offset}";
}

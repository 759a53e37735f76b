namespace Lake.Kafka;

/// <summary>What a produce run sent, per topic.</summary>
public sealed class ProduceSummary
{
    public long Messages { get; private set; }
    public SortedDictionary<string, long> ByTopic { get; } = new(StringComparer.Ordinal);
    public TimeSpan Elapsed { get; internal set; }

    internal void Count(string topic)
    {
        Messages++;
        ByTopic[topic] = ByTopic.GetValueOrDefault(topic) + 1;
    }
}

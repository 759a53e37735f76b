using Lake.Core.Upcasting;

namespace Lake.Generation;

/// <summary>What a generation run wrote: lines by type and version, duplicates, and bad lines by the quarantine reason they should get.</summary>
public sealed class GenerationStats
{
    public long Lines { get; internal set; }
    public long Duplicates { get; internal set; }
    public long Late { get; internal set; }
    public SortedDictionary<string, long> ByTypeAndVersion { get; } = new(StringComparer.Ordinal);
    public SortedDictionary<QuarantineReason, long> BadByReason { get; } = new();
    public long Bad => BadByReason.Values.Sum();
}

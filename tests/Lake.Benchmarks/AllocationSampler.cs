using System.Diagnostics.Tracing;

namespace Lake.Benchmarks;

/// <summary>Samples the runtime's allocation ticks (one per ~100 KB allocated) by type name: where a loop's bytes go.</summary>
internal sealed class AllocationSampler : EventListener
{
    private readonly Dictionary<string, long> _bytes = [];
    public bool Recording { get; set; }

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime") EnableEvents(source, EventLevel.Verbose, (EventKeywords)0x1);
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (!Recording || e.EventName != "GCAllocationTick_V4" || e.Payload is null) return;
        var type = (string)e.Payload[e.PayloadNames!.IndexOf("TypeName")]!;
        var amount = Convert.ToInt64(e.Payload[e.PayloadNames.IndexOf("AllocationAmount64")]);
        lock (_bytes) _bytes[type] = _bytes.GetValueOrDefault(type) + amount;
    }

    public IEnumerable<(string Type, long Bytes)> Top(int n)
    {
        lock (_bytes) return _bytes.OrderByDescending(kv => kv.Value).Take(n).Select(kv => (kv.Key, kv.Value)).ToList();
    }
}

using Lake.Core.Data;
using Lake.Pipelines;

namespace Lake.Generation;

/// <summary>One step of an aggregate's life: which event(s), how many times, how likely, and whether skipping it ends the life.</summary>
public sealed class LifecycleStep
{
    public required IReadOnlyList<(string Type, double Weight)> Events { get; init; }
    public double[] Weights => _weights ??= Events.Select(e => e.Weight).ToArray();
    private double[]? _weights;
    public double Probability { get; init; } = 1;
    public int MinCount { get; init; } = 1;
    public int MaxCount { get; init; } = 1;
    public bool StopWhenSkipped { get; init; }

    internal static LifecycleStep Read(DataObject? s, PipelineDefinition pipeline, string file, string where)
    {
        if (s is null) throw GeneratorSettings.Invalid(file, where, "a lifecycle step must be a mapping", "write e.g. - event: order_placed");
        List<(string, double)> events = s["event"] is string e ? [(e, 1)]
            : s["events"] is DataObject m ? m.Select(kv => (kv.Key, kv.Value is decimal w ? (double)w : 1)).ToList()
            : throw GeneratorSettings.Invalid(file, where, "the step names no 'event' or 'events'", "write 'event: name' or 'events: { a: 3, b: 1 }'");
        foreach (var (type, _) in events)
        {
            if (!pipeline.Catalog.TryGetType(type, out _)) throw GeneratorSettings.Invalid(file, where, $"'{type}' is not an event type of the catalog", "use a declared type");
        }
        int min = 1, max = 1;
        if (s["count"] is string range && range.Split('-') is [var lo, var hi] && int.TryParse(lo, out min) && int.TryParse(hi, out max)) { }
        else if (s["count"] is decimal c) min = max = (int)c;
        else if (s["count"] is not null) throw GeneratorSettings.Invalid(file, where, $"count '{s["count"]}' is not a number or range", "write count: 3 or count: 0-30");
        return new LifecycleStep
        {
            Events = events,
            Probability = s["probability"] is decimal p ? (double)p : 1,
            MinCount = min,
            MaxCount = max,
            StopWhenSkipped = s["otherwise"] as string == "stop",
        };
    }
}

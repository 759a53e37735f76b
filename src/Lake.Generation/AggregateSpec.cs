using System.Globalization;
using Lake.Core.Data;
using Lake.Pipelines;

namespace Lake.Generation;

/// <summary>One kind of aggregate (an account, an order): how its ids look, how common it is, and the events of its life.</summary>
public sealed class AggregateSpec
{
    public required string Name { get; init; }
    public required string KeyField { get; init; }
    public required string IdFormat { get; init; }
    public double Share { get; init; } = 1;
    /// <summary>Mean time between two events of one aggregate.</summary>
    public TimeSpan Spacing { get; init; } = TimeSpan.FromHours(12);
    public required IReadOnlyList<LifecycleStep> Lifecycle { get; init; }

    public string FormatId(long n)
    {
        // "acc-{n:D6}": the only placeholder is n, with an optional .NET numeric format.
        var open = IdFormat.IndexOf("{n", StringComparison.Ordinal);
        if (open < 0) return IdFormat + n.ToString(CultureInfo.InvariantCulture);
        var close = IdFormat.IndexOf('}', open);
        var fmt = IdFormat[(open + 2)..close].TrimStart(':');
        return IdFormat[..open] + n.ToString(fmt.Length == 0 ? null : fmt, CultureInfo.InvariantCulture) + IdFormat[(close + 1)..];
    }

    /// <summary>Expected number of events in one lifecycle, used to size the history.</summary>
    public double ExpectedEvents
    {
        get
        {
            double total = 0, alive = 1;
            foreach (var s in Lifecycle)
            {
                total += alive * s.Probability * (s.MinCount + s.MaxCount) / 2.0;
                if (s.StopWhenSkipped) alive *= s.Probability;
            }
            return Math.Max(total, 0.5);
        }
    }

    internal static AggregateSpec Read(string name, DataObject a, PipelineDefinition pipeline, string file)
    {
        var key = a["key"] as string ?? throw GeneratorSettings.Invalid(file, name, "the aggregate has no 'key' (the field holding its id)", "add e.g. key: order_id");
        if (a["lifecycle"] is not List<object?> steps || steps.Count == 0)
        {
            throw GeneratorSettings.Invalid(file, name, "the aggregate has no 'lifecycle'", "list its events, e.g. lifecycle: [ { event: order_placed } ]");
        }
        var spacing = TimeSpan.FromHours(12);
        if (a["spacing"] is string sp && !TimeSpan.TryParse(sp, CultureInfo.InvariantCulture, out spacing))
        {
            throw GeneratorSettings.Invalid(file, name + ".spacing", $"'{sp}' is not a duration", "write e.g. spacing: \"04:00:00\"");
        }
        return new AggregateSpec
        {
            Name = name,
            KeyField = key,
            IdFormat = a["id"] as string ?? name + "-{n:D6}",
            Share = a["share"] is decimal s ? (double)s : 1,
            Spacing = spacing,
            Lifecycle = steps.Select((st, i) => LifecycleStep.Read(st as DataObject, pipeline, file, $"{name}.lifecycle[{i}]")).ToList(),
        };
    }
}

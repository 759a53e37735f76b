using Lake.Core.Data;
using Lake.Core.Schema;
using Lake.Pipelines;

namespace Lake.Generation;

/// <summary>The <c>generator:</c> section of pipeline.yaml: time span, aggregates with their lifecycles, and value hints.</summary>
public sealed class GeneratorSettings
{
    public DateTime Start { get; init; } = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    public int Days { get; init; } = 30;
    /// <summary>The longest history, in days of event time (a century).</summary>
    public const int MaxDays = 36_500;
    public required IReadOnlyList<AggregateSpec> Aggregates { get; init; }
    /// <summary>Hints by <c>type.field</c> or <c>*.field</c> (nested: <c>type.items[].price</c>).</summary>
    public required IReadOnlyDictionary<string, object?> Values { get; init; }

    public static GeneratorSettings Read(PipelineDefinition pipeline)
    {
        var section = pipeline.GeneratorSection;
        var file = Path.Combine(pipeline.Directory, PipelineLoader.PipelineFile);
        if (section is null) throw Invalid(file, null, "pipeline.yaml has no 'generator:' section", "add one (see pipelines/shop/pipeline.yaml)");
        var raw = section;
        var start = raw["start"] switch
        {
            null => new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc),
            string s when Timestamps.TryParseUtc(s, out var t) => t,
            var other => throw Invalid(file, "start", $"'{other}' is not an ISO 8601 timestamp", "write e.g. start: 2026-01-01T00:00:00Z"),
        };
        var days = raw["days"] switch
        {
            null => 30,
            decimal d when d == decimal.Truncate(d) && d is >= 1 and <= MaxDays => (int)d,
            var other => throw Invalid(file, "days", $"'{other}' is not a number of days", $"write a whole number from 1 to {MaxDays}, e.g. days: 30"),
        };
        if (raw["aggregates"] is not DataObject aggs || aggs.Count == 0)
        {
            throw Invalid(file, "aggregates", "no aggregates are declared", "declare at least one aggregate with 'key', 'id' and 'lifecycle'");
        }
        var list = new List<AggregateSpec>();
        foreach (var (name, value) in aggs)
        {
            if (value is not DataObject a) throw Invalid(file, name, "an aggregate must be a mapping", "give it key, id, share and lifecycle");
            list.Add(AggregateSpec.Read(name, a, pipeline, file));
        }
        var values = raw["values"] as DataObject ?? new DataObject();
        return new GeneratorSettings
        {
            Start = start,
            Days = days,
            Aggregates = list,
            Values = values.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal),
        };
    }

    /// <summary>The same settings over another span of event time; version drift stretches with it.</summary>
    public GeneratorSettings Spanning(int days)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(days, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(days, MaxDays);
        return new GeneratorSettings { Start = Start, Days = days, Aggregates = Aggregates, Values = Values };
    }

    internal static CatalogException Invalid(string file, string? what, string problem, string fix) =>
        new([new CatalogError(new SourceLocation(file, 0, 0), null, null, what is null ? null : "generator." + what, problem, fix)]);
}

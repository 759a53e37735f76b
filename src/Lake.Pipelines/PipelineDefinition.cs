using Lake.Core.Catalog;

namespace Lake.Pipelines;

/// <summary>A loaded pipeline: its catalog, the topics its events arrive on, and its defaults.</summary>
public sealed class PipelineDefinition
{
    public required string Name { get; init; }
    public required string Directory { get; init; }
    public string? Description { get; init; }
    public required EventCatalog Catalog { get; init; }
    /// <summary>Topic name to the event types published on it.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<string>> Topics { get; init; }
    /// <summary>The <c>generator:</c> section as plain values (YAML scalars typed as in the catalog), read by the history generator.</summary>
    public Lake.Core.Data.DataObject? GeneratorSection { get; init; }
    /// <summary>Where the pipeline's lake lives by default.</summary>
    public string Lake { get; init; } = "./lake-data";
    /// <summary>The default source of <c>lake ingest</c> (e.g. <c>files:exports/</c>, relative to the pipeline folder); null when none.</summary>
    public string? Source { get; init; }

    /// <summary>Jobs <c>lake serve</c> runs on a cron (the <c>schedules:</c> section).</summary>
    public IReadOnlyList<ScheduleDefinition> Schedules { get; init; } = [];

    /// <summary>The topic an event type is published on (null when the pipeline does not say).</summary>
    public string? TopicOf(string eventType) => Topics.FirstOrDefault(t => t.Value.Contains(eventType)).Key;
}

using Lake.Core.Catalog;
using Lake.Core.Schema;
using Lake.Core.Upcasting;
using YamlDotNet.RepresentationModel;

namespace Lake.Pipelines;

/// <summary>
/// Loads a pipeline folder: <c>pipeline.yaml</c>, one <c>events/&lt;type&gt;.yaml</c> per event type, and any <c>*.cs</c> files
/// (C# upcasters), which are compiled here so that adding a pipeline needs no change to Lake itself.
/// </summary>
public static class PipelineLoader
{
    public const string PipelineFile = "pipeline.yaml";
    public const string EventsFolder = "events";

    /// <summary>Loads and validates; throws <see cref="CatalogException"/> listing every problem with file and line.</summary>
    public static PipelineDefinition Load(string directory)
    {
        var dir = Path.GetFullPath(directory);
        if (!System.IO.Directory.Exists(dir))
        {
            throw new CatalogException([new CatalogError(new SourceLocation(directory, 0, 0), null, null, null,
                "the pipeline folder does not exist", "pass --pipeline with a folder that holds pipeline.yaml and events/ (e.g. pipelines/shop)")]);
        }
        var errors = new List<CatalogError>();
        var pipelineFile = Path.Combine(dir, PipelineFile);
        YamlMappingNode? root = null;
        if (File.Exists(pipelineFile))
        {
            var doc = new YamlDocument(pipelineFile, errors);
            root = doc.Load();
            if (root is not null) doc.AllowOnly(root, "pipeline.yaml", null, null, null, "name", "description", "topics", "lake", "source", "generator", "schedules");
        }
        else
        {
            errors.Add(new CatalogError(new SourceLocation(pipelineFile, 0, 0), null, null, null, "pipeline.yaml is missing",
                "create it with at least 'name: <pipeline>' (see pipelines/shop/pipeline.yaml)"));
        }

        var types = new List<EventTypeSchema>();
        // Types with a file in events/ (readable or not), and those whose file has errors: catalog rules about them would only echo those.
        var declared = new HashSet<string>(StringComparer.Ordinal);
        var broken = new HashSet<string>(StringComparer.Ordinal);
        var unreadable = new HashSet<string>(StringComparer.Ordinal);
        var eventsDir = Path.Combine(dir, EventsFolder);
        if (!System.IO.Directory.Exists(eventsDir))
        {
            errors.Add(new CatalogError(new SourceLocation(eventsDir, 0, 0), null, null, null, "the events/ folder is missing",
                "declare each event type in events/<type>.yaml"));
        }
        else
        {
            foreach (var file in System.IO.Directory.GetFiles(eventsDir, "*.yaml").Order(StringComparer.Ordinal))
            {
                var typeName = Path.GetFileNameWithoutExtension(file);
                if (!CatalogNames.IsValid(typeName))
                {
                    errors.Add(new CatalogError(new SourceLocation(file, 0, 0), typeName, null, null, "the file name is not a valid event type name",
                        "name the file after the event type in lower snake_case, e.g. events/order_placed.yaml"));
                    continue;
                }
                declared.Add(typeName);
                var before = errors.Count;
                if (new EventTypeReader(new YamlDocument(file, errors, typeName), typeName).Read() is { } t) types.Add(t);
                else unreadable.Add(typeName);
                if (errors.Count > before) broken.Add(typeName);
            }
        }

        var topics = ReadTopics(root, pipelineFile, declared, errors);
        var schedules = ReadSchedules(root, pipelineFile, errors);
        IReadOnlyList<IEventUpcaster> code = [];
        try
        {
            code = PipelineCode.Load(dir).Upcasters;
        }
        catch (CatalogException e)
        {
            errors.AddRange(e.Errors);
        }
        EventCatalog? catalog = null;
        try
        {
            catalog = EventCatalog.Create(types, code);
        }
        catch (CatalogException e)
        {
            // Report the catalog rules together with the file errors, except where a broken file would make them misleading.
            errors.AddRange(e.Errors.Where(x => !(x.EventType is { } t && broken.Contains(t)) && !unreadable.Any(u => x.Problem.Contains($"'{u}'", StringComparison.Ordinal))));
        }
        if (errors.Count > 0 || catalog is null) throw new CatalogException(errors);

        return new PipelineDefinition
        {
            Name = YamlDocument.Text(root is null ? null : YamlDocument.Get(root, "name")) ?? Path.GetFileName(dir),
            Description = YamlDocument.Text(root is null ? null : YamlDocument.Get(root, "description")),
            Directory = dir,
            Catalog = catalog,
            Topics = topics,
            GeneratorSection = root is not null && YamlDocument.Get(root, "generator") is YamlMappingNode generator ? YamlScalars.ToValue(generator) as Lake.Core.Data.DataObject : null,
            Lake = YamlDocument.Text(root is null ? null : YamlDocument.Get(root, "lake")) ?? "./lake-data",
            Source = YamlDocument.Text(root is null ? null : YamlDocument.Get(root, "source")),
            Schedules = schedules,
        };
    }

    private static Dictionary<string, IReadOnlyList<string>> ReadTopics(YamlMappingNode? root, string file, HashSet<string> declared, List<CatalogError> errors)
    {
        var topics = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (root is null || YamlDocument.Get(root, "topics") is not { } node) return topics;
        var doc = new YamlDocument(file, errors);
        if (node is not YamlMappingNode map)
        {
            doc.Error(node, null, null, null, "'topics' must map topic names to lists of event types", "write e.g. topics: { shop.orders: [order_placed] }");
            return topics;
        }
        foreach (var (k, v) in map.Children)
        {
            var list = v is YamlSequenceNode s ? s.Children.Select(c => YamlDocument.Text(c) ?? "").ToList() : [];
            foreach (var t in list.Where(t => !declared.Contains(t)))
            {
                doc.Error(v, t, null, null, $"topic '{YamlDocument.Text(k)}' lists an event type that has no events/{t}.yaml", "declare the type or remove it from the topic");
            }
            topics[YamlDocument.Text(k) ?? ""] = list;
        }
        return topics;
    }

    private static List<ScheduleDefinition> ReadSchedules(YamlMappingNode? root, string file, List<CatalogError> errors)
    {
        var schedules = new List<ScheduleDefinition>();
        if (root is null || YamlDocument.Get(root, "schedules") is not { } node) return schedules;
        var doc = new YamlDocument(file, errors);
        if (node is not YamlSequenceNode list)
        {
            doc.Error(node, null, null, null, "'schedules' must be a list", "write e.g. schedules: [{ name: nightly, job: kafka-backfill, cron: \"5 0 * * *\" }]");
            return schedules;
        }
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in list.Children)
        {
            if (item is not YamlMappingNode map)
            {
                doc.Error(item, null, null, null, "a schedule must be a mapping with name, job and cron", "write e.g. - { name: nightly, job: kafka-backfill, cron: \"5 0 * * *\" }");
                continue;
            }
            doc.AllowOnly(map, "a schedule", null, null, null, "name", "job", "cron", "time_zone", "args");
            string? Required(string key, string example)
            {
                var value = YamlDocument.Text(YamlDocument.Get(map, key));
                if (string.IsNullOrWhiteSpace(value)) doc.Error(map, null, null, null, $"a schedule has no '{key}'", $"add e.g. {key}: {example}");
                return value;
            }
            var name = Required("name", "nightly-backfill");
            var job = Required("job", "kafka-backfill");
            var cron = Required("cron", "\"5 0 * * *\" (00:05 every day)");
            var zone = YamlDocument.Text(YamlDocument.Get(map, "time_zone")) ?? "UTC";
            if (!TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
                doc.Error(YamlDocument.Get(map, "time_zone"), null, null, null, $"time zone '{zone}' is unknown", "use an IANA name such as UTC or Europe/Paris");
            if (name is not null && !names.Add(name)) doc.Error(map, null, null, null, $"two schedules are named '{name}'", "give each schedule its own name: it is the recurring job's id");
            var args = new Dictionary<string, string>(StringComparer.Ordinal);
            if (YamlDocument.Get(map, "args") is { } argsNode)
            {
                if (argsNode is YamlMappingNode argsMap)
                {
                    foreach (var (k, v) in argsMap.Children)
                    {
                        // A list (e.g. several topics) is passed on as one comma-separated value, the form the CLI takes too.
                        var value = v is YamlSequenceNode seq ? string.Join(",", seq.Children.Select(c => YamlDocument.Text(c) ?? "")) : YamlDocument.Text(v);
                        if (value is null) doc.Error(v, null, null, null, $"schedule argument '{YamlDocument.Text(k)}' must be a value or a list of values", "write e.g. topics: [shop.orders]");
                        else args[YamlDocument.Text(k) ?? ""] = value;
                    }
                }
                else
                {
                    doc.Error(argsNode, null, null, null, "a schedule's 'args' must map names to values", "write e.g. args: { topics: shop.orders, from: yesterday, to: today }");
                }
            }
            if (name is null || job is null || cron is null) continue;
            schedules.Add(new ScheduleDefinition { Name = name, Job = job, Cron = cron, TimeZone = zone, Args = args });
        }
        return schedules;
    }
}

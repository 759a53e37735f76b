using System.Text.Json;
using YamlDotNet.RepresentationModel;

namespace Lake.Tests.Catalog;

/// <summary>The editor schemas in docs/schema describe what the sample pipelines actually use.</summary>
public class SchemaFileTests
{
    private static JsonElement Schema(string name)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repo.Root, "docs", "schema", name)));
        var root = doc.RootElement.Clone();
        Assert.Equal("https://json-schema.org/draft/2020-12/schema", root.GetProperty("$schema").GetString());
        return root;
    }

    private static YamlMappingNode Yaml(string file)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(file);
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static IEnumerable<string> Keys(YamlMappingNode map) => map.Children.Keys.Select(k => ((YamlScalarNode)k).Value!);

    private static IEnumerable<string> Properties(JsonElement schema) => schema.GetProperty("properties").EnumerateObject().Select(p => p.Name);

    private static JsonElement Def(JsonElement schema, string name) => schema.GetProperty("$defs").GetProperty(name);

    private static IEnumerable<string> SampleFiles(string pattern) =>
        Directory.GetDirectories(Path.Combine(Repo.Root, "pipelines")).SelectMany(d => Directory.GetFiles(d, pattern, SearchOption.AllDirectories)).Order();

    [Fact]
    public void The_pipeline_schema_describes_every_top_level_key_of_the_sample_pipelines()
    {
        var schema = Schema("pipeline.schema.json");
        var described = Properties(schema).ToHashSet();
        Assert.True(schema.GetProperty("properties").GetProperty("generator").GetProperty("additionalProperties").GetBoolean());
        var files = SampleFiles("pipeline.yaml").ToList();
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            Assert.All(Keys(Yaml(file)), k => Assert.True(described.Contains(k), $"{file}: '{k}' is not in pipeline.schema.json"));
        }
    }

    [Fact]
    public void The_event_type_schema_describes_every_key_the_sample_event_files_use()
    {
        var schema = Schema("event-type.schema.json");
        var topLevel = Properties(schema).ToHashSet();
        var version = Properties(Def(schema, "version")).ToHashSet();
        var field = Properties(Def(schema, "fieldMapping")).ToHashSet();
        var steps = Properties(Def(schema, "step")).ToHashSet();
        var files = SampleFiles("*.yaml").Where(f => Path.GetFileName(Path.GetDirectoryName(f)) == "events").ToList();
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var root = Yaml(file);
            Assert.All(Keys(root), k => Assert.True(topLevel.Contains(k), $"{file}: '{k}' is not in event-type.schema.json"));
            foreach (var (_, v) in (YamlMappingNode)root.Children[new YamlScalarNode("versions")])
            {
                var map = (YamlMappingNode)v;
                Assert.All(Keys(map), k => Assert.True(version.Contains(k), $"{file}: version key '{k}' is not in the schema"));
                CheckFields((YamlMappingNode)map.Children[new YamlScalarNode("fields")], field, file);
                if (map.Children.TryGetValue(new YamlScalarNode("upcast"), out var up))
                {
                    foreach (var step in ((YamlSequenceNode)up).Children.Cast<YamlMappingNode>())
                    {
                        Assert.All(Keys(step), k => Assert.True(steps.Contains(k), $"{file}: upcast step '{k}' is not in the schema"));
                    }
                }
            }
        }
    }

    [Fact]
    public void The_sample_event_files_point_their_editors_at_the_schema()
    {
        foreach (var file in SampleFiles("*.yaml"))
        {
            var expected = Path.GetFileName(file) == "pipeline.yaml"
                ? "# yaml-language-server: $schema=../../docs/schema/pipeline.schema.json"
                : Path.GetFileName(Path.GetDirectoryName(file)) == "projections"
                    ? "# yaml-language-server: $schema=../../../docs/schema/projection.schema.json"
                    : "# yaml-language-server: $schema=../../../docs/schema/event-type.schema.json";
            Assert.Equal(expected, File.ReadLines(file).First());
            var target = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, expected[(expected.IndexOf('=') + 1)..]));
            Assert.True(File.Exists(target), target);
        }
    }

    private static void CheckFields(YamlMappingNode fields, HashSet<string> described, string file)
    {
        foreach (var (_, node) in fields)
        {
            if (node is not YamlMappingNode map) continue;
            Assert.All(Keys(map), k => Assert.True(described.Contains(k), $"{file}: field key '{k}' is not in the schema"));
            if (map.Children.TryGetValue(new YamlScalarNode("fields"), out var nested)) CheckFields((YamlMappingNode)nested, described, file);
            if (map.Children.TryGetValue(new YamlScalarNode("items"), out var items) && items is YamlMappingNode im
                && im.Children.TryGetValue(new YamlScalarNode("fields"), out var itemFields))
            {
                CheckFields((YamlMappingNode)itemFields, described, file);
            }
        }
    }
}

using System.Text.Json;
using YamlDotNet.RepresentationModel;

namespace Lake.Tests.Projections;

/// <summary>docs/schema/projection.schema.json describes every key the sample projections use, so editors validate them.</summary>
public sealed class ProjectionSchemaTests
{
    [Fact]
    public void The_projection_schema_describes_every_key_of_the_sample_projections_and_their_rules()
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repo.Root, "docs", "schema", "projection.schema.json")));
        var top = schema.RootElement.GetProperty("properties").EnumerateObject().Select(p => p.Name).ToHashSet();
        var rule = schema.RootElement.GetProperty("$defs").GetProperty("rule").GetProperty("properties").EnumerateObject().Select(p => p.Name).ToHashSet();
        var files = Directory.GetFiles(Path.Combine(Repo.Root, "pipelines"), "*.yaml", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(Path.GetDirectoryName(f)) == "projections").ToList();
        Assert.Equal(2, files.Count);
        foreach (var file in files)
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(File.ReadAllText(file)));
            var root = (YamlMappingNode)stream.Documents[0].RootNode;
            Assert.All(root.Children.Keys, k => Assert.Contains(((YamlScalarNode)k).Value!, top));
            var rules = ((YamlMappingNode)root.Children[new YamlScalarNode("on")]).Children.Values.Append(root.Children[new YamlScalarNode("every_event")]);
            foreach (var r in rules.SelectMany(n => n is YamlSequenceNode s ? s.Children : [n]).OfType<YamlMappingNode>())
                Assert.All(r.Children.Keys, k => Assert.Contains(((YamlScalarNode)k).Value!, rule));
        }
    }
}

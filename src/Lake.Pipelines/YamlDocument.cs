using Lake.Core.Schema;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Lake.Pipelines;

/// <summary>Reads one YAML file into a mapping, collecting problems with file and line instead of throwing on the first.</summary>
internal sealed class YamlDocument(string file, List<CatalogError> errors)
{
    public string File { get; } = file;

    public YamlMappingNode? Load()
    {
        try
        {
            using var reader = new StreamReader(File);
            var stream = new YamlStream();
            stream.Load(reader);
            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            {
                Error(null, null, null, null, "the file is empty or not a YAML mapping", "start the file with keys such as 'description:' and 'versions:'");
                return null;
            }
            return root;
        }
        catch (YamlException e)
        {
            errors.Add(new CatalogError(new SourceLocation(File, (int)e.Start.Line, (int)e.Start.Column), null, null, null,
                "YAML syntax error: " + (e.InnerException?.Message ?? e.Message).Split(Environment.NewLine)[0], "fix the YAML syntax at that position"));
            return null;
        }
    }

    public SourceLocation At(YamlNode? node) => node is null ? new SourceLocation(File, 0, 0) : new SourceLocation(File, (int)node.Start.Line, (int)node.Start.Column);

    public void Error(YamlNode? node, string? type, int? version, string? field, string problem, string fix) =>
        errors.Add(new CatalogError(At(node), type, version, field, problem, fix));

    public static YamlNode? Get(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var v) ? v : null;

    public static string? Text(YamlNode? node) => node is YamlScalarNode s ? s.Value : null;

    /// <summary>Reports keys that are not in <paramref name="allowed"/>: a typo must not silently change meaning.</summary>
    public void AllowOnly(YamlMappingNode map, string what, string? type, int? version, string? field, params string[] allowed)
    {
        foreach (var key in map.Children.Keys)
        {
            var k = Text(key) ?? "";
            if (!allowed.Contains(k)) Error(key, type, version, field, $"unknown key '{k}' in {what}", $"use one of: {string.Join(", ", allowed)}");
        }
    }
}

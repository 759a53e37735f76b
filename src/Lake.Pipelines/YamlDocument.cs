using Lake.Core.Schema;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Lake.Pipelines;

/// <summary>Reads one YAML file into a mapping, collecting problems with file and line instead of throwing on the first.</summary>
internal sealed class YamlDocument(string file, List<CatalogError> errors, string? eventType = null)
{
    public string File { get; } = file;

    public YamlMappingNode? Load()
    {
        using var reader = new StreamReader(File);
        var parser = new Parser(reader);
        try
        {
            var stream = new YamlStream();
            stream.Load(parser);
            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            {
                Error(null, eventType, null, null, "the file is empty or not a YAML mapping", "start the file with keys such as 'description:' and 'versions:'");
                return null;
            }
            return root;
        }
        catch (YamlException e) when (e.Message.StartsWith(DuplicateKey, StringComparison.Ordinal))
        {
            // YamlDotNet refuses a mapping with a repeated key ("Duplicate key order_id"), e.g. a field or version declared twice.
            var key = e.Message[DuplicateKey.Length..].Trim();
            errors.Add(new CatalogError(new SourceLocation(File, (int)e.Start.Line, (int)e.Start.Column), eventType, null, null,
                $"the key '{key}' appears more than once in the same mapping (a field, version or setting is declared twice)",
                $"keep one '{key}' entry in this mapping: merge the two declarations or rename one of them"));
            return null;
        }
        catch (YamlException e)
        {
            errors.Add(new CatalogError(new SourceLocation(File, (int)e.Start.Line, (int)e.Start.Column), eventType, null, null,
                "YAML syntax error: " + (e.InnerException?.Message ?? e.Message).Split(Environment.NewLine)[0], "fix the YAML syntax at that position"));
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner fails this way on some unterminated flow collections ("[a" followed by more lines).
            var at = parser.Current?.End ?? Mark.Empty;
            errors.Add(new CatalogError(new SourceLocation(File, (int)at.Line, (int)at.Column), eventType, null, null,
                "YAML syntax error: the file cannot be parsed after this position (an unclosed '[', '{' or quote?)",
                "close every '[', '{' and quote on the line where it opens, or use block style (one '- item' or 'key: value' per line)"));
            return null;
        }
    }

    private const string DuplicateKey = "Duplicate key";

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

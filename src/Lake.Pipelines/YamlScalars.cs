using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Lake.Pipelines;

/// <summary>YAML scalars as JSON-like values: plain <c>true</c> is a bool, plain <c>12.5</c> a decimal, quoted text always a string.</summary>
internal static partial class YamlScalars
{
    [GeneratedRegex(@"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?$")]
    private static partial Regex Number();

    public static object? ToValue(YamlNode node)
    {
        switch (node)
        {
            case YamlScalarNode s when s.Style is ScalarStyle.Plain:
                var text = s.Value ?? "";
                if (text is "" or "~" or "null" or "Null" or "NULL") return null;
                if (text is "true" or "True" or "TRUE") return true;
                if (text is "false" or "False" or "FALSE") return false;
                if (Number().IsMatch(text) && decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) return d;
                return text;
            case YamlScalarNode s:
                return s.Value ?? "";
            case YamlSequenceNode seq:
                return seq.Children.Select(ToValue).ToList();
            case YamlMappingNode map:
                var obj = new Lake.Core.Data.DataObject(map.Children.Count);
                foreach (var (k, v) in map.Children) obj.Set(((YamlScalarNode)k).Value ?? "", ToValue(v));
                return obj;
            default:
                return null;
        }
    }
}

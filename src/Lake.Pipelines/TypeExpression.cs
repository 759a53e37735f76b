using System.Text.RegularExpressions;
using Lake.Core.Schema;

namespace Lake.Pipelines;

/// <summary>Parses type expressions used in catalogs: <c>string</c>, <c>decimal(18,2)</c>, <c>enum(new|active)</c>, <c>list&lt;int32&gt;</c>.</summary>
internal static partial class TypeExpression
{
    public const string Help = "string, bool, int32, int64, double, decimal(p,s), timestamp, date, enum(a|b|c), list<type>, or struct (with 'fields:')";

    [GeneratedRegex(@"^decimal\(\s*(\d+)\s*,\s*(\d+)\s*\)$")]
    private static partial Regex DecimalSyntax();

    [GeneratedRegex(@"^enum\((.*)\)$")]
    private static partial Regex EnumSyntax();

    [GeneratedRegex(@"^list<(.*)>$")]
    private static partial Regex ListSyntax();

    /// <summary>Parses a non-struct type; returns null with a problem description when it is not one.</summary>
    public static FieldType? Parse(string text, out string problem)
    {
        problem = "";
        text = text.Trim();
        switch (text)
        {
            case "string": return FieldType.String;
            case "bool": return FieldType.Bool;
            case "int32": return FieldType.Int32;
            case "int64": return FieldType.Int64;
            case "double": return FieldType.Double;
            case "timestamp": return FieldType.Timestamp;
            case "date": return FieldType.Date;
            case "decimal":
                problem = "decimal needs a precision and scale";
                return null;
        }
        if (DecimalSyntax().Match(text) is { Success: true } d)
        {
            var p = int.Parse(d.Groups[1].Value);
            var s = int.Parse(d.Groups[2].Value);
            if (p < 1 || p > FieldType.MaxDecimalPrecision || s > p)
            {
                problem = $"decimal({p},{s}) is out of range: precision 1..{FieldType.MaxDecimalPrecision}, scale 0..precision";
                return null;
            }
            return FieldType.Decimal(p, s);
        }
        if (EnumSyntax().Match(text) is { Success: true } e)
        {
            var values = e.Groups[1].Value.Split('|').Select(v => v.Trim()).ToList();
            if (values.Any(v => v.Length == 0) || values.Distinct().Count() != values.Count)
            {
                problem = "enum values must be non-empty and distinct";
                return null;
            }
            return FieldType.Enum(values);
        }
        if (ListSyntax().Match(text) is { Success: true } l)
        {
            var element = Parse(l.Groups[1].Value, out problem);
            return element is null ? null : FieldType.List(element);
        }
        problem = $"'{text}' is not a type";
        return null;
    }
}

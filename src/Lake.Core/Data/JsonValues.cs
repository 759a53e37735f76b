using System.Globalization;

namespace Lake.Core.Data;

/// <summary>Describes data values in messages: a short, safe rendering of what a producer sent.</summary>
public static class JsonValues
{
    private const int MaxShown = 60;

    public static string Describe(object? value) => value switch
    {
        null => "null",
        string s => "string \"" + Truncate(s) + "\"",
        bool b => b ? "bool true" : "bool false",
        decimal d => "number " + d.ToString(CultureInfo.InvariantCulture),
        double d => "number " + d.ToString("R", CultureInfo.InvariantCulture),
        DataObject => "object",
        System.Collections.IList => "array",
        DateTime t => "timestamp " + t.ToString("O", CultureInfo.InvariantCulture),
        _ => value.GetType().Name.ToLowerInvariant() + " " + Convert.ToString(value, CultureInfo.InvariantCulture),
    };

    public static string Truncate(string s)
    {
        var shown = s.Length <= MaxShown ? s : s[..MaxShown] + "...";
        // Control characters from producers must not break log lines or terminals.
        return string.Create(shown.Length, shown, static (span, src) =>
        {
            for (var i = 0; i < src.Length; i++) span[i] = char.IsControl(src[i]) ? '?' : src[i];
        });
    }
}

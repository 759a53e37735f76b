using System.Globalization;
using System.Text;
using Lake.Core.Catalog;

namespace Lake.Ingest;

/// <summary>
/// The lake layout contract as paths relative to the lake root. Every path segment comes from a validated catalog name,
/// a formatted date, or a sanitised source name, so nothing an event contains can reach a path.
/// </summary>
public static class LakePaths
{
    public const string Events = "events";
    public const string Raw = "raw";
    public const string Quarantine = "quarantine";
    public const string State = "_lake";
    public const string InProgressSuffix = ".inprogress";

    public static string Dt(DateTime utc) => utc.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string EventsDir(string eventType, DateTime occurredAt)
    {
        if (!CatalogNames.IsValid(eventType)) throw new ArgumentException($"'{eventType}' is not a catalog type name", nameof(eventType));
        return $"{Events}/event_type={eventType}/dt={Dt(occurredAt)}";
    }

    public static string RawDir(string source, DateTime recordedAt) => $"{Raw}/source={CheckSource(source)}/dt={Dt(recordedAt)}";

    public static string QuarantineDir(DateTime recordedAt) => $"{Quarantine}/dt={Dt(recordedAt)}";

    /// <summary><c>&lt;source&gt;-p&lt;partition&gt;-&lt;first&gt;-&lt;last&gt;[-n].parquet</c>: the same input range always gives the same name.</summary>
    public static string FileName(string source, int partition, long first, long last, int part) =>
        $"{CheckSource(source)}-p{partition}-{first}-{last}{(part == 0 ? "" : "-" + part.ToString(CultureInfo.InvariantCulture))}.parquet";

    public static string InProgress(string path)
    {
        var slash = path.LastIndexOf('/');
        return path[..(slash + 1)] + "." + path[(slash + 1)..] + InProgressSuffix;
    }

    /// <summary>A source name usable as a path segment: letters, digits, '.', '_' and '-'; anything else becomes '_'.</summary>
    public static string SanitizeSource(string name)
    {
        var sb = new StringBuilder(name.Length);
        foreach (var c in name) sb.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '_');
        var s = sb.ToString().Trim('.');
        return s.Length == 0 ? "source" : s;
    }

    private static string CheckSource(string source) =>
        source.Length > 0 && source == SanitizeSource(source) ? source : throw new ArgumentException($"'{source}' is not a sanitised source name", nameof(source));
}

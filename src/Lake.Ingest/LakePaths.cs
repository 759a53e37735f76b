using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
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

    /// <summary>
    /// <c>&lt;source&gt;-p&lt;partition&gt;-&lt;first offset&gt;-e&lt;epoch&gt;-&lt;part&gt;.parquet</c>: the same input range, written under the
    /// same claim, always gives the same name; two writers of one range (one of them fenced) never write the same key.
    /// </summary>
    public static string FileName(string source, int partition, long first, long epoch, int part) =>
        $"{CheckSource(source)}-p{partition}-{first}-e{epoch}-{part}.parquet";

    // Final, staged (".name.inprogress") and a store's temporary copy of either (".name[.inprogress].<guid>.inprogress").
    private static readonly Regex DataFile = new(@"^\.*(?<source>.+)-p(?<partition>\d+)-(?<first>\d+)-e(?<epoch>\d+)-(?<part>\d+)\.parquet(\.inprogress)?(\.[0-9a-f]{32}\.inprogress)?$", RegexOptions.CultureInvariant);

    /// <summary>The source partition a data file (final, staged or a store's temporary) was written for, or null for any other name.</summary>
    public static (string Source, int Partition)? WrittenFor(string key)
    {
        var m = DataFile.Match(key[(key.LastIndexOf('/') + 1)..]);
        if (!m.Success) return null;
        return (m.Groups["source"].Value, int.Parse(m.Groups["partition"].Value, CultureInfo.InvariantCulture));
    }

    /// <summary>The hidden key a file is staged under where the store can rename; readers' globs skip it.</summary>
    public static string Staged(string key)
    {
        var slash = key.LastIndexOf('/');
        return key[..(slash + 1)] + "." + key[(slash + 1)..] + InProgressSuffix;
    }

    /// <summary>The folder of a key (the key without its file name).</summary>
    public static string DirectoryOf(string key) => key[..key.LastIndexOf('/')];

    /// <summary>The dt partition value of a data file's key (<c>.../dt=yyyy-MM-dd/name</c>), or null when it has none.</summary>
    public static DateOnly? DayOf(string key) => DayOfDirectory(DirectoryOf(key));

    /// <summary>The dt partition value of a folder (<c>.../dt=yyyy-MM-dd</c>), or null when it is not a dt partition.</summary>
    public static DateOnly? DayOfDirectory(string dir)
    {
        var at = dir.LastIndexOf("/dt=", StringComparison.Ordinal);
        if (at < 0 && !dir.StartsWith("dt=", StringComparison.Ordinal)) return null;
        var text = dir[(at < 0 ? 3 : at + 4)..];
        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
    }

    /// <summary>The zones whose files commits list.</summary>
    public static readonly string[] DataZones = [Events, Raw, Quarantine];

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

using System.Security.Cryptography;

namespace Lake.Ingest;

/// <summary>An input file: its path, the source name it is ingested under (its sanitised file name), and a content identity.</summary>
public sealed record SourceFile(string Path, string Source, string Identity)
{
    private static readonly string[] Patterns = ["*.ndjson", "*.ndjson.gz", "*.jsonl", "*.jsonl.gz", "*.json", "*.json.gz"];

    /// <summary>A file, or every NDJSON file in a folder (sorted by name); a missing path is an <see cref="IngestException"/>.</summary>
    public static IReadOnlyList<SourceFile> Resolve(string fileOrDirectory)
    {
        if (File.Exists(fileOrDirectory)) return [Of(fileOrDirectory)];
        if (Directory.Exists(fileOrDirectory))
        {
            var files = Patterns.SelectMany(p => Directory.GetFiles(fileOrDirectory, p)).Distinct().Order(StringComparer.Ordinal).Select(Of).ToList();
            var clash = files.GroupBy(f => f.Source).FirstOrDefault(g => g.Count() > 1);
            if (clash is not null) throw new IngestException($"files {string.Join(", ", clash.Select(f => f.Path))} map to the same source name '{clash.Key}'; rename one");
            return files;
        }
        throw new IngestException($"source '{fileOrDirectory}' does not exist; pass an NDJSON file (optionally .gz) or a folder of them");
    }

    private const int HeadBytes = 65536;

    /// <summary>
    /// The hash of the file's first bytes (up to 64 KiB): cheap, enough to refuse a different file under a name already
    /// ingested, and unchanged when a file only grows, so an appended export resumes with its new lines.
    /// </summary>
    private static SourceFile Of(string path)
    {
        var info = new FileInfo(path);
        return new SourceFile(System.IO.Path.GetFullPath(path), LakePaths.SanitizeSource(info.Name), HeadIdentity(path, (int)Math.Min(info.Length, HeadBytes)));
    }

    private static string HeadIdentity(string path, int bytes)
    {
        using var stream = File.OpenRead(path);
        var head = new byte[bytes];
        var read = stream.ReadAtLeast(head, bytes, throwOnEndOfStream: false);
        return $"head-bytes={bytes};head-sha256={Convert.ToHexStringLower(SHA256.HashData(head.AsSpan(0, read)))}" + (read < bytes ? ";truncated" : "");
    }

    /// <summary>
    /// True when this file starts with the same bytes as the one committed under <paramref name="committedIdentity"/>: the same
    /// file, possibly grown. Compared over the committed identity's own length, so a file that grew past 64 KiB still matches.
    /// </summary>
    public bool Continues(string? committedIdentity)
    {
        if (committedIdentity is null) return true;
        if (committedIdentity == Identity) return true;
        var parts = committedIdentity.Split(';');
        if (parts.Length < 2 || !parts[0].StartsWith("head-bytes=", StringComparison.Ordinal) || !int.TryParse(parts[0]["head-bytes=".Length..], out var bytes)) return false;
        return HeadIdentity(Path, bytes) == committedIdentity;
    }
}

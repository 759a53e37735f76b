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

    /// <summary>Size and the hash of the first 64 KiB: cheap, and enough to refuse a different file under a name already ingested.</summary>
    private static SourceFile Of(string path)
    {
        var info = new FileInfo(path);
        using var stream = info.OpenRead();
        var head = new byte[(int)Math.Min(info.Length, 65536)];
        stream.ReadExactly(head);
        var identity = $"size={info.Length};head-sha256={Convert.ToHexStringLower(SHA256.HashData(head))}";
        return new SourceFile(System.IO.Path.GetFullPath(path), LakePaths.SanitizeSource(info.Name), identity);
    }
}

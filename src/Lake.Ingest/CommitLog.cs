using System.Globalization;
using System.Text.Json;

namespace Lake.Ingest;

/// <summary>
/// The lake's commit log: one JSON record per committed offset range, at
/// <c>_lake/commits/source=&lt;s&gt;/p&lt;n&gt;/&lt;first&gt;-&lt;last&gt;.json</c>, written to a temporary name and renamed (atomic on a local disk).
/// </summary>
public sealed class CommitLog(string lakeRoot)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public string Root { get; } = lakeRoot;

    private string Dir(string source, int partition) => Path.Combine(Root, LakePaths.State, "commits", "source=" + source, "p" + partition.ToString(CultureInfo.InvariantCulture));

    public IReadOnlyList<CommitRecord> Read(string source, int partition)
    {
        var dir = Dir(source, partition);
        if (!Directory.Exists(dir)) return [];
        return Directory.GetFiles(dir, "*.json")
            .Select(f => JsonSerializer.Deserialize<CommitRecord>(File.ReadAllBytes(f), Json)!)
            .OrderBy(r => r.FirstOffset)
            .ToList();
    }

    public IReadOnlyList<CommitRecord> ReadAll()
    {
        var dir = Path.Combine(Root, LakePaths.State, "commits");
        if (!Directory.Exists(dir)) return [];
        return Directory.GetFiles(dir, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(f => JsonSerializer.Deserialize<CommitRecord>(File.ReadAllBytes(f), Json)!)
            .OrderBy(r => r.Source, StringComparer.Ordinal).ThenBy(r => r.Partition).ThenBy(r => r.FirstOffset)
            .ToList();
    }

    public void Write(CommitRecord record)
    {
        var dir = Dir(record.Source, record.Partition);
        Directory.CreateDirectory(dir);
        var name = $"{record.FirstOffset:D20}-{record.LastOffset:D20}.json";
        var tmp = Path.Combine(dir, "." + name + LakePaths.InProgressSuffix);
        using (var stream = new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, record, Json);
            stream.Flush(flushToDisk: true);
        }
        File.Move(tmp, Path.Combine(dir, name), overwrite: true);
    }
}

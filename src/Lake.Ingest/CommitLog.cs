using System.Globalization;
using System.Text.Json;

namespace Lake.Ingest;

/// <summary>
/// The lake's commit log: one JSON record per committed offset range, at <c>_lake/commits/source=&lt;s&gt;/p&lt;n&gt;/&lt;first&gt;.json</c>,
/// written to a temporary name and renamed without overwrite (atomic on a local disk). Naming by the first offset makes two
/// writers of the same range collide: the second is refused with <see cref="CommitConflictException"/> (the fence against a
/// writer that lost its partition).
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
        var name = $"{record.FirstOffset:D20}.json";
        var tmp = Path.Combine(dir, "." + name + LakePaths.InProgressSuffix);
        using (var stream = new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, record, Json);
            stream.Flush(flushToDisk: true);
        }
        try
        {
            File.Move(tmp, Path.Combine(dir, name), overwrite: false);
        }
        catch (IOException) when (File.Exists(Path.Combine(dir, name)))
        {
            File.Delete(tmp);
            throw new CommitConflictException(record.Source, record.Partition, record.FirstOffset);
        }
    }
}

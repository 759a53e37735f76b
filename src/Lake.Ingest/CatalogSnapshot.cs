namespace Lake.Ingest;

/// <summary>
/// Keeps a copy of the catalog files a lake was written with, at <c>_lake/catalog/&lt;fingerprint&gt;/</c> (the fingerprint every
/// commit record names), so a replay or an audit can see exactly which schemas and upcasters produced the curated files.
/// </summary>
public static class CatalogSnapshot
{
    public static void Save(string lakeRoot, string pipelineDirectory, string fingerprint)
    {
        var target = Path.Combine(lakeRoot, LakePaths.State, "catalog", fingerprint);
        if (Directory.Exists(target)) return;
        var staging = target + "." + Environment.ProcessId + LakePaths.InProgressSuffix;
        if (Directory.Exists(staging)) Directory.Delete(staging, true);
        foreach (var file in Directory.EnumerateFiles(pipelineDirectory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(pipelineDirectory, file);
            var first = relative.Split(Path.DirectorySeparatorChar)[0];
            if (first is "bin" or "obj") continue;
            if (!(relative.EndsWith(".yaml", StringComparison.Ordinal) || relative.EndsWith(".yml", StringComparison.Ordinal) || relative.EndsWith(".cs", StringComparison.Ordinal))) continue;
            var destination = Path.Combine(staging, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
        Directory.CreateDirectory(staging);
        try
        {
            Directory.Move(staging, target);
        }
        catch (IOException) when (Directory.Exists(target))
        {
            // Another ingest saved the same fingerprint first; the content is the same.
            Directory.Delete(staging, true);
        }
    }
}

using System.Text.Json;
using Lake.Storage;

namespace Lake.Ingest;

/// <summary>
/// Keeps a copy of the catalog files a lake was written with, at <c>_lake/catalog/&lt;fingerprint&gt;/</c> (the fingerprint every
/// commit record names), so a replay or an audit can see exactly which schemas and upcasters produced the curated files.
/// A manifest (<c>_lake/catalog/&lt;fingerprint&gt;.json</c>) is written last: a copy without it is incomplete and is redone.
/// </summary>
public static class CatalogSnapshot
{
    public static async Task SaveAsync(ILakeStore store, string pipelineDirectory, string fingerprint, CancellationToken ct = default)
    {
        var root = $"{LakePaths.State}/catalog/{fingerprint}";
        var manifest = root + ".json";
        if (await store.StatAsync(manifest, ct).ConfigureAwait(false) is not null) return;
        var copied = new List<string>();
        foreach (var file in Directory.EnumerateFiles(pipelineDirectory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(pipelineDirectory, file).Replace(Path.DirectorySeparatorChar, '/');
            var first = relative.Split('/')[0];
            if (first is "bin" or "obj") continue;
            if (!(relative.EndsWith(".yaml", StringComparison.Ordinal) || relative.EndsWith(".yml", StringComparison.Ordinal) || relative.EndsWith(".cs", StringComparison.Ordinal))) continue;
            await store.PutAsync($"{root}/{relative}", await File.ReadAllBytesAsync(file, ct).ConfigureAwait(false), ct).ConfigureAwait(false);
            copied.Add(relative);
        }
        await store.PutAsync(manifest, JsonSerializer.SerializeToUtf8Bytes(new { fingerprint, files = copied }, new JsonSerializerOptions { WriteIndented = true }), ct).ConfigureAwait(false);
    }
}

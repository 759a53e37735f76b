using System.Security.Cryptography;
using Lake.Ingest;
using Lake.Storage;

namespace Lake.Maintenance;

/// <summary>Moves live files between the lake store and a local work folder, where DuckDB reads and writes them.</summary>
internal static class LocalCopies
{
    /// <summary>Copies a live file to <paramref name="path"/>, refusing one whose bytes differ from what the log recorded.</summary>
    public static async Task DownloadAsync(ILakeStore store, CommittedFile file, string path, CancellationToken ct)
    {
        await using var source = await store.OpenReadAsync(file.Path, ct).ConfigureAwait(false);
        await using var target = File.Create(path);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 16];
        int n;
        while ((n = await source.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
        {
            hash.AppendData(buffer, 0, n);
            await target.WriteAsync(buffer.AsMemory(0, n), ct).ConfigureAwait(false);
        }
        if (Convert.ToHexStringLower(hash.GetHashAndReset()) != file.Sha256)
            throw new InvalidDataException($"{file.Path}: content differs from what was committed (SHA-256); run lake verify first");
    }

    /// <summary>Uploads a local file under <paramref name="key"/> and describes it as a live file of <paramref name="zone"/>.</summary>
    public static async Task<CommittedFile> UploadAsync(ILakeStore store, string path, string key, string zone, long rows, CancellationToken ct)
    {
        await using var writer = await store.CreateAsync(key, ct).ConfigureAwait(false);
        await using (var source = File.OpenRead(path)) await source.CopyToAsync(writer, ct).ConfigureAwait(false);
        var written = await writer.CompleteAsync(ct).ConfigureAwait(false);
        return new CommittedFile(key, zone, rows, written.Size, written.Sha256, null);
    }

    /// <summary>A SQL string literal.</summary>
    public static string Quote(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";
}

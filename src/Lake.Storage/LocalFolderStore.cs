using System.Runtime.CompilerServices;

namespace Lake.Storage;

/// <summary>
/// A lake in a local folder. Objects are written to a hidden temporary file beside their final name, flushed to disk, then
/// renamed into place, so a reader or a crash never sees half an object (staged keys, which readers skip, are written in place).
/// </summary>
public sealed class LocalFolderStore : ILakeStore
{
    public LocalFolderStore(string folder)
    {
        Location = folder;
        Root = Path.GetFullPath(folder);
    }

    public string Location { get; }

    /// <summary>The folder's full path.</summary>
    public string Root { get; }

    public bool CanRename => true;

    /// <summary>The file behind a key (the key is checked first).</summary>
    public string PathOf(string key) => Path.Combine(Root, StoreKeys.Check(key).Replace('/', Path.DirectorySeparatorChar));

    /// <summary>Where an object is written before it is renamed into place: hidden, and named so recovery recognises it.</summary>
    internal static string TemporaryPath(string final) =>
        Path.Combine(Path.GetDirectoryName(final)!, $".{Path.GetFileName(final)}.{Guid.NewGuid():N}.inprogress");

    public Task<ObjectWriter> CreateAsync(string key, CancellationToken ct = default) =>
        Task.FromResult<ObjectWriter>(new LocalObjectWriter(key, PathOf(key)));

    /// <summary>
    /// Runs an operation creating the file <paramref name="path"/>, creating its folder only when the operation finds it
    /// missing: a lake's folders mostly exist already, and checking first cost a system call per file (twice per file of a commit).
    /// </summary>
    internal static T InFolder<T>(string path, Func<string, T> operation)
    {
        try
        {
            return operation(path);
        }
        catch (IOException e) when (e is DirectoryNotFoundException or FileNotFoundException)
        {
            // Creating a file, "not found" can only be its folder: .NET reports it as a missing file when another thread made
            // the folder between the failed open and its own check.
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            return operation(path);
        }
    }

    /// <summary>Without its own fsync where <see cref="SyncAsync"/> can flush the whole batch with Linux's syncfs instead.</summary>
    public Task<ObjectWriter> CreateBatchedAsync(string key, CancellationToken ct = default)
    {
        return Task.FromResult<ObjectWriter>(new LocalObjectWriter(key, PathOf(key), sync: !FilesystemSync.Available));
    }

    public Task SyncAsync(IReadOnlyCollection<string> keys, CancellationToken ct = default)
    {
        if (!FilesystemSync.Available) return Task.CompletedTask;
        // One flush per filesystem the files are on: a zone or partition folder may be a symlink or a mount elsewhere.
        var paths = keys.Select(PathOf).ToList();
        var folders = paths.Select(p => Path.GetDirectoryName(p)!).Distinct(StringComparer.Ordinal);
        foreach (var folder in folders.GroupBy(FilesystemSync.MountOf, StringComparer.Ordinal).Select(g => g.First()))
        {
            if (FilesystemSync.TrySync(folder)) continue;
            // syncfs refused (a sandbox): these files were written without an fsync, so they get one each now.
            foreach (var path in paths)
            {
                using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite, 1);
                file.Flush(flushToDisk: true);
            }
            break;
        }
        return Task.CompletedTask;
    }

    public async Task PutAsync(string key, ReadOnlyMemory<byte> content, CancellationToken ct = default)
    {
        await using var writer = await CreateAsync(key, ct).ConfigureAwait(false);
        await writer.WriteAsync(content, ct).ConfigureAwait(false);
        await writer.CompleteAsync(ct).ConfigureAwait(false);
    }

    public async Task<byte[]?> ReadAsync(string key, CancellationToken ct = default)
    {
        try
        {
            return await File.ReadAllBytesAsync(PathOf(key), ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    public Task<Stream> OpenReadAsync(string key, CancellationToken ct = default)
    {
        var path = PathOf(key);
        try
        {
            return Task.FromResult<Stream>(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 16, useAsync: false));
        }
        catch (DirectoryNotFoundException)
        {
            throw new FileNotFoundException($"no object '{key}' in the lake {Location}", path);
        }
    }

    public async IAsyncEnumerable<StoredObject> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken ct = default)
    {
        StoreKeys.CheckPrefix(prefix);
        var slash = prefix.LastIndexOf('/');
        var folder = slash < 0 ? Root : Path.Combine(Root, prefix[..slash]);
        if (!Directory.Exists(folder)) yield break;
        var found = new List<StoredObject>();
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            var key = Path.GetRelativePath(Root, file).Replace(Path.DirectorySeparatorChar, '/');
            if (!key.StartsWith(prefix, StringComparison.Ordinal)) continue;
            var info = new FileInfo(file);
            long size;
            try { size = info.Length; }
            catch (FileNotFoundException) { continue; }
            found.Add(new StoredObject(key, size, info.LastWriteTimeUtc));
        }
        found.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        foreach (var o in found)
        {
            ct.ThrowIfCancellationRequested();
            yield return o;
        }
        await Task.CompletedTask.ConfigureAwait(false);
    }

    public Task<StoredObject?> StatAsync(string key, CancellationToken ct = default)
    {
        var info = new FileInfo(PathOf(key));
        return Task.FromResult<StoredObject?>(info.Exists ? new StoredObject(key, info.Length, info.LastWriteTimeUtc) : null);
    }

    public Task DeleteAsync(string key, CancellationToken ct = default)
    {
        var path = PathOf(key);
        try { File.Delete(path); }
        catch (DirectoryNotFoundException) { }
        return Task.CompletedTask;
    }

    public Task RenameAsync(string from, string to, CancellationToken ct = default)
    {
        var source = PathOf(from);
        var target = PathOf(to);
        try
        {
            File.Move(source, target, overwrite: true);
        }
        catch (IOException e) when (e is DirectoryNotFoundException or FileNotFoundException && File.Exists(source))
        {
            // The target's folder was missing (checked only now: it mostly exists, and every file of a commit is renamed).
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Move(source, target, overwrite: true);
        }
        return Task.CompletedTask;
    }
}

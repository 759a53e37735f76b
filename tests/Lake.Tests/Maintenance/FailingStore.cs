using Lake.Storage;

namespace Lake.Tests.Maintenance;

/// <summary>A local folder store that fails the operations a test picks, the way a crash or a lost connection would stop a writer there.</summary>
internal sealed class FailingStore(string root, Func<string, string, bool> fails) : ILakeStore
{
    private readonly LocalFolderStore _inner = new(root);

    private void Check(string operation, string key)
    {
        if (fails(operation, key)) throw new IOException($"injected failure: {operation} {key}");
    }

    public string Location => _inner.Location;
    public bool CanRename => _inner.CanRename;
    public Task<ObjectWriter> CreateAsync(string key, CancellationToken ct = default) { Check("create", key); return _inner.CreateAsync(key, ct); }
    public Task PutAsync(string key, ReadOnlyMemory<byte> content, CancellationToken ct = default) { Check("put", key); return _inner.PutAsync(key, content, ct); }
    public Task<byte[]?> ReadAsync(string key, CancellationToken ct = default) => _inner.ReadAsync(key, ct);
    public Task<Stream> OpenReadAsync(string key, CancellationToken ct = default) => _inner.OpenReadAsync(key, ct);
    public IAsyncEnumerable<StoredObject> ListAsync(string prefix, CancellationToken ct = default) { Check("list", prefix); return _inner.ListAsync(prefix, ct); }
    public Task<StoredObject?> StatAsync(string key, CancellationToken ct = default) => _inner.StatAsync(key, ct);
    public Task DeleteAsync(string key, CancellationToken ct = default) { Check("delete", key); return _inner.DeleteAsync(key, ct); }
    public Task RenameAsync(string from, string to, CancellationToken ct = default) { Check("rename", to); return _inner.RenameAsync(from, to, ct); }
}

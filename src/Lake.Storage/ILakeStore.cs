namespace Lake.Storage;

/// <summary>
/// Where a lake lives: a local folder or an S3 prefix. Keys are '/'-separated paths relative to the lake root, checked by
/// <see cref="StoreKeys"/>. Objects appear whole or not at all; there is no append, and rename exists only where it is cheap.
/// </summary>
public interface ILakeStore
{
    /// <summary>The lake's location as users wrote it (a folder path or <c>s3://bucket/prefix</c>), for messages.</summary>
    string Location { get; }

    /// <summary>True where <see cref="RenameAsync"/> is atomic and cheap (a local folder); S3 has no rename.</summary>
    bool CanRename { get; }

    /// <summary>Starts writing an object; it becomes visible only when <see cref="ObjectWriter.CompleteAsync"/> returns.</summary>
    Task<ObjectWriter> CreateAsync(string key, CancellationToken ct = default);

    /// <summary>
    /// Like <see cref="CreateAsync"/>, for one of many objects that must all be durable before one later write (a commit record):
    /// completing it may leave it in the OS's cache until <see cref="SyncAsync"/>. Stores whose completed objects are always durable
    /// (S3) create ordinary writers.
    /// </summary>
    Task<ObjectWriter> CreateBatchedAsync(string key, CancellationToken ct = default) => CreateAsync(key, ct);

    /// <summary>
    /// Makes the objects of <paramref name="keys"/>, completed by writers from <see cref="CreateBatchedAsync"/>, durable. A store
    /// that wraps another must forward both methods or neither.
    /// </summary>
    Task SyncAsync(IReadOnlyCollection<string> keys, CancellationToken ct = default) => Task.CompletedTask;

    /// <summary>Writes a small object in one request, replacing any object of that key.</summary>
    Task PutAsync(string key, ReadOnlyMemory<byte> content, CancellationToken ct = default);

    /// <summary>The whole content of an object, or null when there is none.</summary>
    Task<byte[]?> ReadAsync(string key, CancellationToken ct = default);

    /// <summary>A stream over an object's content; <see cref="FileNotFoundException"/> when there is none.</summary>
    Task<Stream> OpenReadAsync(string key, CancellationToken ct = default);

    /// <summary>Objects whose key starts with <paramref name="prefix"/>, at any depth, in ordinal key order.</summary>
    IAsyncEnumerable<StoredObject> ListAsync(string prefix, CancellationToken ct = default);

    /// <summary>The object's size, or null when there is none.</summary>
    Task<StoredObject?> StatAsync(string key, CancellationToken ct = default);

    /// <summary>Deletes an object; deleting a missing object is not an error.</summary>
    Task DeleteAsync(string key, CancellationToken ct = default);

    /// <summary>Moves an object to a new key, replacing what is there; only where <see cref="CanRename"/>.</summary>
    Task RenameAsync(string from, string to, CancellationToken ct = default);
}

using Lake.Storage;

namespace Lake.Cli.Commands;

/// <summary>A command's lake store and the name messages give it (a folder's full path, or s3://bucket/prefix).</summary>
internal sealed record OpenedLake(ILakeStore Store, string Name) : IDisposable
{
    public bool IsLocal => Store is LocalFolderStore;

    public void Dispose() => (Store as IDisposable)?.Dispose();
}

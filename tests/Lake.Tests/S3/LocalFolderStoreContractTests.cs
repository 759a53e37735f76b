using Lake.Storage;
using Lake.Tests.Cli;

namespace Lake.Tests.S3;

/// <summary>The store contract on a local folder.</summary>
public sealed class LocalFolderStoreContractTests : StoreContract, IDisposable
{
    private readonly TempFolder _folder = new();

    public LocalFolderStoreContractTests() => Store = new LocalFolderStore(_folder["lake"]);

    protected override ILakeStore Store { get; }

    public void Dispose() => _folder.Dispose();
}

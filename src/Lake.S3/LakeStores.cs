using Lake.Storage;

namespace Lake.S3;

/// <summary>Opens the store behind a <c>--lake</c> value: <c>s3://bucket/prefix</c> is an S3 lake, anything else a local folder.</summary>
public static class LakeStores
{
    /// <summary>
    /// The store for <paramref name="location"/>. S3 settings come from <paramref name="s3"/> when given, else from the
    /// environment (<see cref="S3StoreOptions.FromEnvironment"/>); <paramref name="log"/> receives retry and abort notices.
    /// </summary>
    public static ILakeStore Open(string location, S3StoreOptions? s3 = null, Action<string>? log = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(location);
        if (!S3StoreOptions.IsS3(location)) return new LocalFolderStore(location);
        return new S3LakeStore(s3 ?? S3StoreOptions.FromEnvironment(location), log);
    }

    public static bool IsS3(string location) => S3StoreOptions.IsS3(location);
}

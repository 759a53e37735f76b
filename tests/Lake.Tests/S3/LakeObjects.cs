using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Lake.Storage;

namespace Lake.Tests.S3;

/// <summary>Every object of a lake by key with the MD5 of its bytes, as read back through the store.</summary>
internal static class LakeObjects
{
    /// <summary>The local ingest's lock file: S3 ingests take no lock (there is no local file to lock), so only folders have one.</summary>
    public const string LocalLock = "_lake/ingest.lock";

    public static async Task<SortedDictionary<string, string>> Md5sAsync(ILakeStore store)
    {
        var found = new SortedDictionary<string, string>(StringComparer.Ordinal);
        await foreach (var o in store.ListAsync(""))
        {
            var bytes = (await store.ReadAsync(o.Key))!;
            found[o.Key] = IsCommitRecord(o.Key) ? "record:" + Md5(WithoutStagedAs(bytes)) : Md5(bytes);
        }
        return found;
    }

    public static bool IsCommitRecord(string key) => key.StartsWith("_lake/commits/", StringComparison.Ordinal);

    private static string Md5(byte[] b) => Convert.ToHexStringLower(MD5.HashData(b));

    /// <summary>
    /// A commit record with each file's staged_as removed: a folder stages files under a hidden key and renames them (recovery
    /// needs that key), S3 writes final keys directly (staged_as null). Everything else in the record must be identical.
    /// </summary>
    public static byte[] WithoutStagedAs(byte[] record)
    {
        var json = JsonNode.Parse(record)!.AsObject();
        foreach (var file in json["files"]!.AsArray()) file!.AsObject().Remove("staged_as");
        return System.Text.Encoding.UTF8.GetBytes(json.ToJsonString());
    }
}

namespace Lake.Storage;

/// <summary>
/// The rules for object keys: relative, '/'-separated, no empty, '.' or '..' segment, no backslash or control character.
/// Checked by every store, so that no key built from event content can leave the lake root.
/// </summary>
public static class StoreKeys
{
    public static string Check(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length == 0 || key[0] == '/' || key[^1] == '/') throw Bad(key, "it must be a relative path that names an object");
        foreach (var c in key)
        {
            if (char.IsControl(c) || c == '\\') throw Bad(key, "it contains a control character or a backslash");
        }
        foreach (var segment in key.Split('/'))
        {
            if (segment is "" or "." or "..") throw Bad(key, "it contains an empty, '.' or '..' segment");
        }
        return key;
    }

    /// <summary>A prefix for listing: empty (everything) or a checked key, optionally ending with '/'.</summary>
    public static string CheckPrefix(string prefix)
    {
        if (prefix.Length == 0) return prefix;
        Check(prefix.TrimEnd('/'));
        return prefix;
    }

    public static string Combine(params string[] parts) => string.Join('/', parts.Where(p => p.Length > 0).Select(p => p.Trim('/')));

    private static ArgumentException Bad(string key, string why) => new($"object key '{key}' is not allowed: {why}", nameof(key));
}

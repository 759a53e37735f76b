using System.Globalization;
using System.Text;

namespace Lake.Projections.Sharding;

/// <summary>
/// One of <see cref="Count"/> equal ranges of a stable 64-bit hash of projection keys (FNV-1a over UTF-8). A shard holds key k when
/// floor(hash(k) * Count / 2^64) = Index, so shard (i, n) is exactly the union of (2i, 2n) and (2i + 1, 2n): a rebuild that runs
/// out of memory can halve its shard and leave the other half to a later pass. The hash is fixed forever: parts written by
/// different processes, machines or versions must agree on which keys they hold.
/// </summary>
public readonly record struct KeyShard(int Index, int Count)
{
    /// <summary>Every key.</summary>
    public static KeyShard All { get; } = new(0, 1);

    public bool IsAll => Count == 1;

    public bool Contains(string key) => Contains(key.AsSpan());

    public bool Contains(ReadOnlySpan<char> key) => Count == 1 || Of(key, Count) == Index;

    /// <summary>The shard of <paramref name="count"/> that holds <paramref name="key"/>.</summary>
    public static int Of(string key, int count) => Of(key.AsSpan(), count);

    public static int Of(ReadOnlySpan<char> key, int count) => (int)Math.BigMul(Hash(key), (ulong)count, out _);

    /// <summary>The lower half of this shard (kept by a pass that must shed keys) and the upper half (left for another pass).</summary>
    public (KeyShard Lower, KeyShard Upper) Split() =>
        Count > int.MaxValue / 2 ? throw new InvalidOperationException($"shard {this} cannot be split further")
            : (new KeyShard(Index * 2, Count * 2), new KeyShard(Index * 2 + 1, Count * 2));

    /// <summary>FNV-1a, 64 bits, over the key's UTF-8 bytes.</summary>
    public static ulong Hash(string key) => Hash(key.AsSpan());

    public static ulong Hash(ReadOnlySpan<char> key)
    {
        Span<byte> buffer = stackalloc byte[256];
        var bytes = Encoding.UTF8.GetByteCount(key) <= buffer.Length ? buffer[..Encoding.UTF8.GetBytes(key, buffer)] : Encoding.UTF8.GetBytes(key.ToArray());
        var h = 14695981039346656037UL;
        foreach (var b in bytes)
        {
            h ^= b;
            h *= 1099511628211UL;
        }
        // FNV's low bits mix well, its high bits less so for short keys; a final avalanche (murmur3's fmix64) spreads them.
        h ^= h >> 33;
        h *= 0xff51afd7ed558ccdUL;
        h ^= h >> 33;
        h *= 0xc4ceb9fe1a85ec53UL;
        h ^= h >> 33;
        return h;
    }

    /// <summary>Parses <c>i/n</c> (0-based index, n shards).</summary>
    public static KeyShard Parse(string text)
    {
        var parts = text.Split('/');
        if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var i)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 && i < n)
        {
            return new KeyShard(i, n);
        }
        throw new FormatException($"shard '{text}' is not i/n with 0 <= i < n (e.g. 0/4, the first of four)");
    }

    public override string ToString() => $"{Index}/{Count}";

    /// <summary>A file name part that sorts by index: <c>part-00003-of-00008</c>.</summary>
    public string FileStem => $"part-{Index:D5}-of-{Count:D5}";
}

namespace Lake.Generation;

/// <summary>
/// A small seedable random generator (xoshiro256**): each aggregate's life draws from its own stream, seeded from the run's seed
/// and the aggregate's number, so lives can be generated on several threads and the history is the same.
/// </summary>
internal sealed class Prng
{
    private ulong _s0, _s1, _s2, _s3;

    public Prng(ulong seed) => Reseed(seed);

    /// <summary>Restarts the stream at <paramref name="seed"/> (expanded with splitmix64, as xoshiro's authors recommend).</summary>
    public void Reseed(ulong seed)
    {
        _s0 = SplitMix(ref seed);
        _s1 = SplitMix(ref seed);
        _s2 = SplitMix(ref seed);
        _s3 = SplitMix(ref seed);
    }

    /// <summary>A seed for stream <paramref name="index"/> of a run seeded with <paramref name="seed"/>.</summary>
    public static ulong Mix(long seed, long index)
    {
        var x = (ulong)seed * 0x9E3779B97F4A7C15UL ^ (ulong)index;
        return SplitMix(ref x);
    }

    private static ulong SplitMix(ref ulong x)
    {
        var z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public ulong NextUInt64()
    {
        var result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>In [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>In [0, <paramref name="maxExclusive"/>); 0 when the bound is 0 or less.</summary>
    public int Next(int maxExclusive) => (int)NextInt64(0, maxExclusive);

    /// <summary>In [<paramref name="min"/>, <paramref name="maxExclusive"/>); <paramref name="min"/> when the range is empty.</summary>
    public int Next(int min, int maxExclusive) => (int)NextInt64(min, maxExclusive);

    /// <summary>In [<paramref name="min"/>, <paramref name="maxExclusive"/>); <paramref name="min"/> when the range is empty.</summary>
    public long NextInt64(long min, long maxExclusive)
    {
        if (maxExclusive <= min) return min;
        var range = (ulong)(maxExclusive - min);
        // The high half of a 64x64 multiply maps the draw onto the range (bias below 2^-64 per value, irrelevant here).
        return min + (long)Math.BigMul(NextUInt64(), range, out _);
    }

    public void NextBytes(Span<byte> buffer)
    {
        while (buffer.Length >= 8)
        {
            BitConverter.TryWriteBytes(buffer, NextUInt64());
            buffer = buffer[8..];
        }
        if (buffer.Length == 0) return;
        Span<byte> last = stackalloc byte[8];
        BitConverter.TryWriteBytes(last, NextUInt64());
        last[..buffer.Length].CopyTo(buffer);
    }
}

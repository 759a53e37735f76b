namespace Lake.Parquet;

/// <summary>All-zero definition levels, shared read-only by every writer, for required columns that store none.</summary>
internal static class ZeroLevels
{
    private static int[] _zeros = new int[4096];

    public static ReadOnlyMemory<int> Get(int count)
    {
        var zeros = Volatile.Read(ref _zeros);
        if (zeros.Length < count)
        {
            // A race only makes two arrays of zeros; either is right.
            zeros = new int[Math.Max(count, zeros.Length * 2)];
            Volatile.Write(ref _zeros, zeros);
        }
        return zeros.AsMemory(0, count);
    }
}

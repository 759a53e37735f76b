using System.Buffers;

namespace Lake.Parquet;

/// <summary>
/// Arrays for buffered columns, reused once a file is written. Rows wait for their file long enough to outlive young collections, so
/// fresh arrays were copied from generation to generation (measured: 1.2 GB promoted for 1M events); reused ones stay where they are.
/// A private pool, not <see cref="ArrayPool{T}.Shared"/>: that one trims itself after every full collection.
/// </summary>
internal static class BufferPool<T>
{
    public static readonly ArrayPool<T> Arrays = ArrayPool<T>.Create(maxArrayLength: 1 << 20, maxArraysPerBucket: 4096);
}

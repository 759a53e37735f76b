using System.Runtime.InteropServices;
using ParquetSharp.Arrow;
using ParquetSharp.IO;

namespace Lake.Parquet;

/// <summary>An Arrow reader over a Parquet file on disk or held in memory; in memory, the bytes are copied into Arrow's own buffer.</summary>
/// <remarks>
/// Never over a .NET stream: ParquetSharp's stream reader hands Arrow managed callbacks, and Arrow's I/O threads (pre-buffering is
/// on by default) can release the file, calling its close callback, after the reader is disposed and the GC has collected the
/// delegates. That aborts the process ("a callback was made on a garbage collected delegate"); a native buffer has no callbacks.
/// </remarks>
public sealed class ArrowFile : IDisposable
{
    private readonly BufferReader? _buffer;

    private ArrowFile(FileReader reader, BufferReader? buffer)
    {
        Reader = reader;
        _buffer = buffer;
    }

    /// <summary>The Arrow reader; it lives as long as this file.</summary>
    public FileReader Reader { get; }

    /// <summary>Opens the Parquet file at <paramref name="path"/> (memory-mapped by Arrow).</summary>
    public static ArrowFile Open(string path, ArrowReaderProperties? properties = null) =>
        new(new FileReader(path, arrowProperties: properties), buffer: null);

    /// <summary>Opens a Parquet file held in memory, copying it into a buffer Arrow owns.</summary>
    public static ArrowFile Open(byte[] file, ArrowReaderProperties? properties = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        BufferReader? source = null;
        try
        {
            using (var native = new ResizableBuffer(file.Length))
            {
                if (file.Length > 0) Marshal.Copy(file, 0, native.Data, file.Length);
                // The reader holds its own reference to the native buffer, so the managed handle can go now.
                source = new BufferReader(native);
            }
            return new ArrowFile(new FileReader(source, arrowProperties: properties), source);
        }
        catch
        {
            source?.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Reader.Dispose();
        _buffer?.Dispose();
    }
}

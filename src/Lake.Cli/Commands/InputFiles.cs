using System.IO.Compression;

namespace Lake.Cli.Commands;

/// <summary>Opens input and output files, transparently (de)compressing <c>.gz</c>.</summary>
internal static class InputFiles
{
    public static Stream OpenRead(string path)
    {
        if (path == "-") return Console.OpenStandardInput();
        if (!File.Exists(path)) throw new UsageException($"input file '{path}' does not exist; pass an existing NDJSON file (optionally .gz) or '-' for stdin");
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : file;
    }

    public static Stream OpenWrite(string path)
    {
        // Standard output is unbuffered: without a buffer every line (and its newline) would be a system call of its own.
        if (path == "-") return new BufferedStream(Console.OpenStandardOutput(), 1 << 20);
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        return path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionLevel.Fastest) : file;
    }
}

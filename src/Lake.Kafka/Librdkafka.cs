using System.Reflection;
using System.Runtime.InteropServices;

namespace Lake.Kafka;

/// <summary>
/// Loads the librdkafka shipped in librdkafka.redist, the same file Confluent.Kafka uses, so the mock cluster and Lake's
/// clients live in one native library. On Debian the plain build needs libsasl2.so.3, which is absent; the CentOS 8 build loads.
/// </summary>
internal static class Librdkafka
{
    public const string Name = "librdkafka";
    private static readonly Lock Gate = new();
    private static string? _path;

    public static string Path
    {
        get
        {
            lock (Gate)
            {
                return _path ??= Locate();
            }
        }
    }

    /// <summary>Points both our P/Invoke and Confluent.Kafka at the library that loads here. Idempotent.</summary>
    public static void EnsureLoaded()
    {
        lock (Gate)
        {
            if (_registered) return;
            var path = Path;
            _registered = true;
            NativeLibrary.SetDllImportResolver(typeof(Librdkafka).Assembly, (name, _, _) => name == Name ? NativeLibrary.Load(path) : IntPtr.Zero);
            // Confluent.Kafka dlopens through "libdl"; Debian 12 has only libdl.so.2 (glibc merged libdl into libc).
            NativeLibrary.SetDllImportResolver(typeof(Confluent.Kafka.Library).Assembly, (name, _, _) => name switch
            {
                "libdl" => NativeLibrary.TryLoad("libdl.so.2", out var dl) ? dl : IntPtr.Zero,
                Name => NativeLibrary.Load(path),
                _ => IntPtr.Zero,
            });
            Confluent.Kafka.Library.Load(path);
        }
    }

    private static bool _registered;

    private static string Locate()
    {
        var dirs = new[]
        {
            System.IO.Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native"),
            System.IO.Path.Combine(System.IO.Path.GetDirectoryName(typeof(Librdkafka).Assembly.Location) ?? "", "runtimes", "linux-x64", "native"),
        };
        foreach (var dir in dirs)
        {
            foreach (var name in new[] { "centos8-librdkafka.so", "librdkafka.so" })
            {
                var candidate = System.IO.Path.Combine(dir, name);
                if (File.Exists(candidate) && NativeLibrary.TryLoad(candidate, out var handle))
                {
                    NativeLibrary.Free(handle);
                    return candidate;
                }
            }
        }
        throw new DllNotFoundException($"librdkafka was not found or does not load from {string.Join(" or ", dirs)}; it ships in the librdkafka.redist package (linux-x64)");
    }
}

using System.Diagnostics;
using System.Globalization;
using Lake.Generation;
using Lake.Pipelines;
using Lake.S3;

namespace Lake.Benchmarks;

/// <summary>
/// Issue 6's comparison, same file, same run: <c>lake ingest</c> into a local folder and into the local S3 server (s3rver from
/// infra/s3), each as its own process with wall time and peak RSS from /usr/bin/time; then the S3 writer alone streaming objects
/// of growing size in a child process, to show its memory does not grow with the object.
/// </summary>
internal static class S3IngestBenchmark
{
    public static void Run(string repo, int events)
    {
        var work = Path.Combine(repo, "out", "bench");
        Directory.CreateDirectory(work);
        var input = Path.Combine(work, $"shop-{events}.ndjson");
        if (!File.Exists(input))
        {
            using var f = File.Create(input);
            new HistoryGenerator(PipelineLoader.Load(Path.Combine(repo, "pipelines", "shop"))).Write(f, new GenerationOptions(events, 3));
        }
        var data = Path.Combine(work, "s3rver");
        Scratch.Clear(data);
        using var server = StartServer(repo, data);
        var endpoint = server.Endpoint;
        using (var http = new HttpClient()) http.PutAsync(endpoint + "/bench", null).GetAwaiter().GetResult().EnsureSuccessStatusCode();
        var env = new Dictionary<string, string>
        {
            ["LAKE_S3_ENDPOINT"] = endpoint,
            ["LAKE_S3_ACCESS_KEY_ID"] = "S3RVER",
            ["LAKE_S3_SECRET_ACCESS_KEY"] = "S3RVER",
        };

        var lake = Path.Combine(work, "lake-local");
        Scratch.Clear(lake);
        var binary = Path.Combine(repo, "src", "Lake.Cli", "bin", "Release", "net10.0", "lake");
        var ingest = $"ingest --pipeline {Path.Combine(repo, "pipelines", "shop")} --source files:{input} --lake ";
        var (localSeconds, localKb, _) = TimedProcess.Run(binary, ingest + lake, env);
        var (s3Seconds, s3Kb, _) = TimedProcess.Run(binary, ingest + "s3://bench/lake", env);
        var files = Directory.GetFiles(lake, "*.parquet", SearchOption.AllDirectories).Length;

        Console.WriteLine($"| lake ingest into a local folder, own process | {events:N0} | {events / localSeconds:N0} | peak RSS {localKb / 1024:N0} MiB, {files} files |");
        Console.WriteLine($"| lake ingest into local S3 (s3rver, loopback), own process | {events:N0} | {events / s3Seconds:N0} | peak RSS {s3Kb / 1024:N0} MiB, same files |");
        Console.WriteLine($"| ratio S3 / local folder | | {localSeconds / s3Seconds:F3}x | goal >= 0.7x |");

        // One object through S3ObjectWriter (8 MiB parts, 4 in flight) per child process: peak RSS against object size.
        var self = typeof(S3IngestBenchmark).Assembly.Location;
        foreach (var mib in new[] { 64, 256, 1024 })
        {
            var (seconds, kb, _) = TimedProcess.Run("dotnet", $"{self} s3-write {endpoint} {mib}", env);
            Console.WriteLine($"| S3 writer, one {mib} MiB object, 8 MiB parts x 4 in flight, own process | | {mib / seconds:N0} MiB/s | peak RSS {kb / 1024:N0} MiB |");
        }
    }

    /// <summary>The child process of the memory sweep: streams <paramref name="mib"/> MiB of pseudo-random bytes into one object.</summary>
    public static void WriteObject(string endpoint, int mib)
    {
        using var store = new S3LakeStore(new S3StoreOptions { Bucket = "bench", Prefix = "objects", ServiceUrl = endpoint, ForcePathStyle = true, AccessKeyId = "S3RVER", SecretAccessKey = "S3RVER" });
        var chunk = new byte[1 << 20];
        new Random(1).NextBytes(chunk);
        using var writer = store.CreateAsync($"big-{mib}.bin").GetAwaiter().GetResult();
        for (var i = 0; i < mib; i++)
        {
            chunk[i % chunk.Length] ^= 0x5a; // every MiB differs
            writer.Write(chunk);
        }
        var written = writer.CompleteAsync().GetAwaiter().GetResult();
        if (written.Size != (long)mib << 20) throw new InvalidOperationException("short write");
        store.DeleteAsync($"big-{mib}.bin").GetAwaiter().GetResult();
    }


    private sealed class Server(Process process, string endpoint) : IDisposable
    {
        public string Endpoint => endpoint;

        public void Dispose()
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            process.Dispose();
        }
    }

    private static Server StartServer(string repo, string data)
    {
        var portFile = Path.Combine(data, "..", "s3rver.port");
        File.Delete(portFile);
        var psi = new ProcessStartInfo("bash") { ArgumentList = { Path.Combine(repo, "infra", "s3", "start.sh"), "--directory", data, "--port-file", portFile }, RedirectStandardOutput = true, RedirectStandardError = true };
        var p = Process.Start(psi)!;
        p.OutputDataReceived += (_, _) => { };
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("s3rver: " + e.Data); };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (!File.Exists(portFile) || new FileInfo(portFile).Length == 0)
        {
            if (p.HasExited || DateTime.UtcNow > deadline) throw new InvalidOperationException("s3rver did not start (make deps)");
            Thread.Sleep(50);
        }
        return new Server(p, "http://127.0.0.1:" + File.ReadAllText(portFile).Trim());
    }
}

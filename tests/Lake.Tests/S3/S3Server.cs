using System.Diagnostics;
using Amazon.S3;
using Amazon.Runtime;
using Lake.S3;

[assembly: AssemblyFixture(typeof(Lake.Tests.S3.S3Server))]

namespace Lake.Tests.S3;

/// <summary>
/// The local S3 server (infra/s3/start.sh: @20minutes/s3rver on a free 127.0.0.1 port), started once for the test run. It fails
/// the tests that use it, loudly, when it cannot start: S3 tests never skip. It also sets the LAKE_S3_* environment the CLI reads,
/// with a secret key that tests check never leaks.
/// </summary>
public sealed class S3Server : IDisposable
{
    /// <summary>s3rver knows this one access key; any secret is accepted with it (allowMismatchedSignatures).</summary>
    public const string AccessKey = "S3RVER";

    private readonly Process _process;
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "lake-s3rver-" + Guid.NewGuid().ToString("N"));
    private int _buckets;

    public S3Server()
    {
        Directory.CreateDirectory(_directory);
        var portFile = Path.Combine(_directory, "port");
        var script = Path.Combine(Repo.Root, "infra", "s3", "start.sh");
        var info = new ProcessStartInfo("bash") { ArgumentList = { script, "--directory", Path.Combine(_directory, "data"), "--port-file", portFile }, RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        _process = Process.Start(info) ?? throw new InvalidOperationException("could not start " + script);
        var output = new System.Text.StringBuilder();
        _process.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        // npm ci may run first on a fresh clone.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        while (!File.Exists(portFile) || new FileInfo(portFile).Length == 0)
        {
            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                string log;
                lock (output) log = output.ToString();
                throw new InvalidOperationException($"the local S3 server did not start ({script}; run `make deps` or `npm ci --prefix infra/s3`):\n{log}");
            }
            Thread.Sleep(50);
        }
        Endpoint = "http://127.0.0.1:" + File.ReadAllText(portFile).Trim();
        Environment.SetEnvironmentVariable("LAKE_S3_ENDPOINT", Endpoint);
        Environment.SetEnvironmentVariable("LAKE_S3_ACCESS_KEY_ID", AccessKey);
        Environment.SetEnvironmentVariable("LAKE_S3_SECRET_ACCESS_KEY", Secret);
    }

    public string Endpoint { get; }

    /// <summary>The secret key every test client and the CLI use: a value that appears nowhere else, so a leak is unambiguous.</summary>
    public string Secret { get; } = "lake-test-secret-" + Guid.NewGuid().ToString("N");

    /// <summary>The objects' folder on disk (s3rver keeps each object as a file).</summary>
    public string DataDirectory => Path.Combine(_directory, "data");

    /// <summary>Creates a fresh bucket, so tests never see each other's objects.</summary>
    public string NewBucket()
    {
        var name = $"lake-{Interlocked.Increment(ref _buckets)}-{Guid.NewGuid().ToString("N")[..8]}";
        using var client = Client();
        client.PutBucketAsync(name).GetAwaiter().GetResult();
        return name;
    }

    public S3StoreOptions Options(string bucket, string prefix = "lake") => new()
    {
        Bucket = bucket,
        Prefix = prefix,
        ServiceUrl = Endpoint,
        ForcePathStyle = true,
        AccessKeyId = AccessKey,
        SecretAccessKey = Secret,
        RetryBaseDelay = TimeSpan.FromMilliseconds(5),
        RetryMaxDelay = TimeSpan.FromMilliseconds(200),
    };

    /// <summary>A plain SDK client on the server, for checks that go around the store.</summary>
    public AmazonS3Client Client(HttpClientFactory? factory = null) => S3LakeStore.CreateClient(Options("unused") with { HttpClientFactory = factory });

    public void Dispose()
    {
        try { _process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        _process.Dispose();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }
}

using System.Diagnostics;
using Lake.Tests.Cli;

namespace Lake.Tests.Kafka;

/// <summary>Debian's kcat lists, produces and consumes against <c>lake dev broker</c>, a separate process steered from stdin.</summary>
public class KcatAgainstDevBrokerTests
{
    private static string? Kcat() =>
        new[] { "/usr/bin/kcat", "/usr/local/bin/kcat" }.FirstOrDefault(File.Exists);

    [Fact]
    public void Kcat_lists_produces_and_consumes_against_the_dev_broker_process()
    {
        var kcat = Kcat();
        if (kcat is null)
        {
            // make test installs kcat; CI must never skip.
            Assert.False(Environment.GetEnvironmentVariable("CI") == "true", "kcat is not installed; 'make deps' installs it from Debian");
            Assert.Skip("kcat is not installed: run 'make deps' (apt-get install kcat)");
        }

        var psi = new ProcessStartInfo(LakeCli.BinaryPath, "dev broker --brokers 2 --topic shop.orders:3")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var broker = Process.Start(psi)!;
        try
        {
            var bootstrap = broker.StandardOutput.ReadLine();
            Assert.False(string.IsNullOrEmpty(bootstrap));
            Assert.Matches(@"^127\.0\.0\.1:\d+(,127\.0\.0\.1:\d+)*$", bootstrap);

            var list = Run(kcat, $"-b {bootstrap} -L -J");
            Assert.Contains("\"topic\":\"shop.orders\"", list);

            broker.StandardInput.WriteLine("topic audit 1");
            broker.StandardInput.Flush();
            // The broker answers on stderr once the topic exists; producing before that raced with its creation (one CI run
            // consumed k1, k3). Idempotence keeps the order if a first attempt is retried.
            string? reply;
            do reply = broker.StandardError.ReadLine();
            while (reply is not null && !reply.StartsWith("topic audit", StringComparison.Ordinal));
            Assert.Equal("topic audit with 1 partition(s)", reply);
            _ = broker.StandardError.ReadToEndAsync(); // keeps draining it, so the broker never blocks on a full pipe
            Run(kcat, $"-b {bootstrap} -t audit -P -K : -X enable.idempotence=true", "k1:v1\nk2:v2\nk3:v3\n");
            var consumed = Run(kcat, $"-b {bootstrap} -t audit -C -o beginning -e -f %k=%s\\n");
            Assert.Equal(["k1=v1", "k2=v2", "k3=v3"], consumed.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }
        finally
        {
            broker.StandardInput.Close();
            if (!broker.WaitForExit(60_000))
            {
                broker.Kill();
                broker.WaitForExit();
                Assert.Fail("lake dev broker did not stop at the end of its input");
            }
        }
        Assert.Equal(0, broker.ExitCode);
    }

    private static string Run(string file, string args, string? input = null)
    {
        var psi = new ProcessStartInfo(file, args) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi)!;
        if (input is not null) p.StandardInput.Write(input);
        p.StandardInput.Close();
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(30_000)) { p.Kill(); throw new TimeoutException($"kcat {args} did not finish: {error.Result}"); }
        Assert.True(p.ExitCode == 0, $"kcat {args} exited {p.ExitCode}: {error.Result}");
        return output.Result;
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Lake.Tests.Serve;

/// <summary>
/// A PostgreSQL cluster of this test's own (infra/postgres/throwaway.sh) on a free loopback port. It never skips: where the
/// server cannot start (e.g. <c>make deps</c> not run), the test fails with the script's output.
/// </summary>
internal sealed class ThrowawayPostgres : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "lake-pg-" + Guid.NewGuid().ToString("N")[..10]);

    public ThrowawayPostgres()
    {
        // The free port is released before the server binds it: another process may take it in between, so a failed start
        // tries again on another port (initdb is done once; the folder is reused).
        var (code, output) = (0, "");
        for (var attempt = 0; attempt < 3; attempt++)
        {
            (code, output) = Script("start", _dir, FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (code == 0) break;
            // A start that timed out may still be coming up: stopped, so the next attempt does not meet its postmaster.pid.
            Script("stop", _dir);
        }
        if (code != 0)
        {
            Dispose();
            throw new InvalidOperationException($"PostgreSQL did not start (run 'make deps'):\n{output}");
        }
        ConnectionString = output.Trim().Split('\n').Last();
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public string ConnectionString { get; }

    private static (int Code, string Output) Script(params string[] args)
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(Repo.Root, "infra", "postgres", "throwaway.sh"));
        foreach (var a in args) info.ArgumentList.Add(a);
        using var p = Process.Start(info)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(60_000)) { p.Kill(); return (-1, "timed out"); }
        return (p.ExitCode, stdout.Result + stderr.Result);
    }

    public void Dispose()
    {
        Script("stop", _dir);
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

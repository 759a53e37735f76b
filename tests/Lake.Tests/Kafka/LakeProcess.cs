using System.Collections.Concurrent;
using System.Diagnostics;
using Lake.Tests.Cli;

namespace Lake.Tests.Kafka;

/// <summary>The lake binary running as its own process, with its stderr lines collected, to be stopped gently or killed with SIGKILL.</summary>
internal sealed class LakeProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();

    private LakeProcess(Process process)
    {
        _process = process;
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) _lines.Enqueue(e.Data); };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) _lines.Enqueue(e.Data); };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
    }

    public static LakeProcess Start(params string[] args)
    {
        var path = LakeCli.BinaryPath;
        var info = path.EndsWith(".dll", StringComparison.Ordinal) ? new ProcessStartInfo("dotnet") { ArgumentList = { path } } : new ProcessStartInfo(path);
        foreach (var a in args) info.ArgumentList.Add(a);
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.UseShellExecute = false;
        return new LakeProcess(Process.Start(info)!);
    }

    public IReadOnlyList<string> Lines => [.. _lines];
    public int Id => _process.Id;
    public bool HasExited => _process.HasExited;

    public bool WaitForLine(Func<string, bool> match, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_lines.Any(match)) return true;
            if (_process.HasExited) return _lines.Any(match);
            Thread.Sleep(50);
        }
        return false;
    }

    /// <summary>SIGKILL: no handler runs, nothing is flushed or committed.</summary>
    public void Kill()
    {
        _process.Kill();
        _process.WaitForExit(10_000);
    }

    /// <summary>SIGTERM: the ingest commits what it holds and leaves its group.</summary>
    public int Stop(TimeSpan timeout)
    {
        Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
        if (!_process.WaitForExit(timeout)) { _process.Kill(); throw new TimeoutException("lake ingest did not stop on SIGTERM:\n" + string.Join("\n", Lines)); }
        _process.WaitForExit();
        return _process.ExitCode;
    }

    public int WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout)) { _process.Kill(); throw new TimeoutException("lake did not finish:\n" + string.Join("\n", Lines)); }
        _process.WaitForExit();
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited) { _process.Kill(); _process.WaitForExit(5000); }
        _process.Dispose();
    }
}

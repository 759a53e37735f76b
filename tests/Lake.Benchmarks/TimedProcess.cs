using System.Diagnostics;
using System.Globalization;

namespace Lake.Benchmarks;

/// <summary>Runs a command under /usr/bin/time: wall seconds, peak RSS and standard output; a failed command throws with its output.</summary>
internal static class TimedProcess
{
    public static (double Seconds, long PeakKb, string Output) Run(string binary, string args, IReadOnlyDictionary<string, string>? env = null)
    {
        var psi = new ProcessStartInfo("/usr/bin/time", $"-f \"%e %M\" {binary} {args}") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var (k, v) in env ?? new Dictionary<string, string>()) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        // Both streams are drained at once, or a chatty command blocks on a full pipe.
        var stdout = p.StandardOutput.ReadToEndAsync();
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{binary} {args} failed: {stdout.Result}\n{err}");
        var last = err.Trim().Split('\n')[^1].Trim('"', ' ').Split(' ');
        return (double.Parse(last[0], CultureInfo.InvariantCulture), long.Parse(last[1], CultureInfo.InvariantCulture), stdout.Result);
    }
}

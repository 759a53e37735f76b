using System.CommandLine;
using System.Diagnostics;
using Lake.Cli.Commands;

namespace Lake.Tests.Cli;

/// <summary>Runs lake commands in-process (Console.Out/Error captured) or as the built binary (for commands writing to the raw stdout stream).</summary>
internal static class LakeCli
{
    // In-process runs take turns, as before routing: commands were never written to share a process with each other.
    private static readonly Lock RunLock = new();
    private static readonly RoutedConsoleWriter RoutedOut = Route(Console.Out, Console.SetOut);
    private static readonly RoutedConsoleWriter RoutedErr = Route(Console.Error, Console.SetError);

    public sealed record Outcome(int ExitCode, string Out, string Err);

    /// <summary>Runs a command in this process; its exit code and what it wrote to Console.Out and Console.Error.</summary>
    public static Outcome InProcess(params string[] args)
    {
        var root = LakeCommands.Create();
        var (o, e) = (new StringWriter(), new StringWriter());
        lock (RunLock)
        {
            int code;
            using (RoutedOut.Capture(o))
            using (RoutedErr.Capture(e))
            {
                code = root.Parse(args).Invoke();
            }
            return new Outcome(code, o.ToString(), e.ToString());
        }
    }

    private static RoutedConsoleWriter Route(TextWriter console, Action<TextWriter> install)
    {
        var routed = new RoutedConsoleWriter(console);
        install(routed);
        return routed;
    }

    /// <summary>Runs a command in-process that must succeed; its standard output.</summary>
    public static string Succeeds(params string[] args)
    {
        var outcome = InProcess(args);
        Assert.True(outcome.ExitCode == 0, $"lake {string.Join(' ', args)}: exit {outcome.ExitCode}\n{outcome.Out}\n{outcome.Err}");
        return outcome.Out;
    }

    /// <summary>The lake binary built in the same configuration as this test assembly.</summary>
    public static string BinaryPath
    {
        get
        {
            var configuration = AppContext.BaseDirectory.Replace('\\', '/').Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
            var dir = Path.Combine(Repo.Root, "src", "Lake.Cli", "bin", configuration, "net10.0");
            var exe = Path.Combine(dir, OperatingSystem.IsWindows() ? "lake.exe" : "lake");
            return File.Exists(exe) ? exe : Path.Combine(dir, "lake.dll");
        }
    }

    public static Outcome Binary(params string[] args)
    {
        var path = BinaryPath;
        var info = path.EndsWith(".dll", StringComparison.Ordinal) ? new ProcessStartInfo("dotnet") { ArgumentList = { path } } : new ProcessStartInfo(path);
        foreach (var a in args) info.ArgumentList.Add(a);
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.RedirectStandardInput = true;
        info.UseShellExecute = false;
        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(120)))
        {
            process.Kill();
            throw new TimeoutException("lake " + string.Join(' ', args) + " did not finish in 120 s");
        }
        return new Outcome(process.ExitCode, stdout.Result, stderr.Result);
    }
}

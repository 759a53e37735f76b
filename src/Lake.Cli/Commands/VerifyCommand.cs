using System.CommandLine;
using Lake.Ingest;

namespace Lake.Cli.Commands;

/// <summary><c>lake verify</c>: the lake's invariants against its commit log; exit 1 on a violation.</summary>
internal static class VerifyCommand
{
    public static Command Create()
    {
        var lake = new Option<string>("--lake", "-l") { Description = "The lake: a folder or s3://bucket/prefix. " + CliOptions.S3Help, DefaultValueFactory = _ => "./lake-data" };
        var repair = new Option<bool>("--repair") { Description = "Remove files no commit lists (visible or staged)" };
        var command = new Command("verify", "Check committed offset ranges (contiguous, no gap or overlap), committed files (present, same bytes) and that no uncommitted file is visible")
        {
            lake, repair,
        };
        command.SetAction(parse => CliOptions.Guard(() =>
        {
            using var opened = CliOptions.OpenLake(parse.GetValue(lake)!);
            if (opened.IsLocal && !Directory.Exists(opened.Name)) throw new UsageException($"lake '{parse.GetValue(lake)}' does not exist");
            VerifyReport report;
            try { report = LakeVerifier.VerifyAsync(opened.Store, parse.GetValue(repair)).GetAwaiter().GetResult(); }
            catch (IngestException e) { throw new UsageException(e.Message); }
            catch (IOException e)
            {
                Console.Error.WriteLine($"lake: reading the lake {opened.Name} failed: {e.Message}");
                return 2;
            }
            foreach (var r in report.Repaired) Console.WriteLine($"removed {r}");
            foreach (var u in report.Uncommitted) Console.WriteLine($"staged, not committed (hidden from readers): {u}");
            foreach (var v in report.Violations) Console.WriteLine($"VIOLATION {v}");
            Console.WriteLine($"{(report.IsClean ? "clean" : $"{report.Violations.Count} violation(s)")}: {report.SourcePartitions} source partition(s), {report.CommittedRecords:N0} committed records, {report.CommittedFiles:N0} files");
            return report.IsClean ? 0 : 1;
        }));
        return command;
    }
}

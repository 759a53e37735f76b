using System.CommandLine;
using Lake.Ingest;

namespace Lake.Cli.Commands;

/// <summary><c>lake verify</c>: the lake's invariants against its commit log; exit 1 on a violation.</summary>
internal static class VerifyCommand
{
    public static Command Create()
    {
        var lake = new Option<string>("--lake", "-l") { Description = "The lake folder", DefaultValueFactory = _ => "./lake-data" };
        var repair = new Option<bool>("--repair") { Description = "Remove files no commit lists (visible or staged)" };
        var command = new Command("verify", "Check committed offset ranges (contiguous, no gap or overlap), committed files (present, same bytes) and that no uncommitted file is visible")
        {
            lake, repair,
        };
        command.SetAction(parse => CliOptions.Guard(() =>
        {
            VerifyReport report;
            try { report = LakeVerifier.Verify(parse.GetValue(lake)!, parse.GetValue(repair)); }
            catch (IngestException e) { throw new UsageException(e.Message); }
            foreach (var r in report.Repaired) Console.WriteLine($"removed {r}");
            foreach (var u in report.Uncommitted) Console.WriteLine($"staged, not committed (hidden from readers): {u}");
            foreach (var v in report.Violations) Console.WriteLine($"VIOLATION {v}");
            Console.WriteLine($"{(report.IsClean ? "clean" : $"{report.Violations.Count} violation(s)")}: {report.SourcePartitions} source partition(s), {report.CommittedRecords:N0} committed records, {report.CommittedFiles:N0} files");
            return report.IsClean ? 0 : 1;
        }));
        return command;
    }
}

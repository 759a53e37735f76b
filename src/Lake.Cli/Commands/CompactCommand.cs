using System.CommandLine;
using System.Globalization;
using Lake.Maintenance;

namespace Lake.Cli.Commands;

/// <summary><c>lake compact</c>: merges small curated files per partition toward a target size, recorded as rewrites in the lake's log.</summary>
internal static class CompactCommand
{
    public static Command Create()
    {
        var lake = new Option<string>("--lake", "-l") { Description = "The lake: a folder or s3://bucket/prefix", DefaultValueFactory = _ => "./lake-data" };
        var target = new Option<string>("--target-size") { Description = "Merge files smaller than this, into files of about this size (e.g. 128MiB, 64MB)", DefaultValueFactory = _ => "128MiB" };
        var minAge = new Option<string>("--min-age") { Description = "Leave partitions with files younger than this for a later run (e.g. 1h, 10m, 0)", DefaultValueFactory = _ => "1h" };
        var type = new Option<string?>("--type") { Description = "Only this event type" };
        var from = new Option<string?>("--from") { Description = "Only partitions with dt on or after this day (yyyy-MM-dd)" };
        var to = new Option<string?>("--to") { Description = "Only partitions with dt on or before this day (yyyy-MM-dd)" };
        var command = new Command("compact", "Merge small files of curated partitions (events/event_type=X/dt=D) toward a target size; duplicates by event_id are removed and counted")
        {
            lake, target, minAge, type, from, to,
        };
        command.SetAction(parse => CliOptions.Guard(() =>
        {
            using var opened = CliOptions.OpenLake(parse.GetValue(lake)!);
            if (opened.IsLocal && !Directory.Exists(opened.Name)) throw new UsageException($"lake '{parse.GetValue(lake)}' does not exist; pass --lake <folder or s3://bucket/prefix>");
            var options = new CompactionOptions
            {
                TargetBytes = Size(parse.GetValue(target)!),
                MinAge = parse.GetValue(minAge) is "0" ? TimeSpan.Zero : IngestCommand.Duration(parse.GetValue(minAge)!, "--min-age"),
                EventType = parse.GetValue(type),
                From = Day(parse.GetValue(from), "--from"),
                To = Day(parse.GetValue(to), "--to"),
            };
            var summary = new LakeCompactor(opened.Store, options) { Log = Console.WriteLine }.RunAsync().GetAwaiter().GetResult();
            Console.WriteLine($"compacted {summary.Partitions} partition(s): {summary.FilesBefore:N0} files ({summary.BytesBefore / 1048576.0:N1} MiB) -> {summary.FilesAfter:N0} ({summary.BytesAfter / 1048576.0:N1} MiB), {summary.RowsIn:N0} rows in, {summary.RowsOut:N0} out, {summary.DuplicatesRemoved:N0} duplicate(s) removed, in {summary.Elapsed.TotalSeconds:N1} s");
            if (summary.SkippedTooYoung > 0) Console.WriteLine($"left for later: {summary.SkippedTooYoung} partition(s) with files younger than {parse.GetValue(minAge)}");
            if (summary.Cleaned > 0) Console.WriteLine($"cleaned {summary.Cleaned} leftover(s) of an interrupted compaction");
            return 0;
        }));
        return command;
    }

    private static long Size(string text)
    {
        var t = text.Trim();
        (string Suffix, long Factor)[] units = [("GiB", 1L << 30), ("MiB", 1L << 20), ("KiB", 1L << 10), ("GB", 1_000_000_000), ("MB", 1_000_000), ("KB", 1000), ("B", 1)];
        foreach (var (suffix, factor) in units)
        {
            if (t.EndsWith(suffix, StringComparison.OrdinalIgnoreCase) && double.TryParse(t[..^suffix.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n > 0)
                return (long)(n * factor);
        }
        if (long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var bytes) && bytes > 0) return bytes;
        throw new UsageException($"--target-size '{text}' is not a size; write e.g. 128MiB, 64MB or a number of bytes");
    }

    private static DateOnly? Day(string? text, string option)
    {
        if (text is null) return null;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return d;
        throw new UsageException($"{option} '{text}' is not a day; write yyyy-MM-dd, e.g. 2026-11-01");
    }
}

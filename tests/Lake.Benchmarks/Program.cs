using System.Diagnostics;
using Lake.Benchmarks;

// make bench: each benchmark prints a Markdown row; docs/BENCHMARKS.md records the figures with the machine they ran on.
var which = args.Length > 0 ? args[0] : "all";
if (which == "s3-write")
{
    // The S3 benchmark's child process: one object streamed through the S3 writer, measured from outside.
    S3IngestBenchmark.WriteObject(args[1], int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture));
    return;
}
var repo = Repo.Root;
Console.WriteLine($"# Lake benchmarks ({DateTime.UtcNow:yyyy-MM-dd}, {Environment.ProcessorCount} cores, .NET {Environment.Version})");
Console.WriteLine();
if (which == "generate-alloc") GenerateAllocations.Run(Path.Combine(repo, "pipelines", "shop"), events: 1_000_000);
if (which == "upcast-split") UpcastSplit.Run(Path.Combine(repo, "pipelines", "shop"), events: 1_000_000);
if (which is "all" or "upcast") UpcastBenchmark.Run(Path.Combine(repo, "pipelines", "shop"), events: 1_000_000);
if (which is "all" or "generate") GenerateBenchmark.Run(repo, events: 2_000_000, cliEvents: 10_000_000);
if (which is "all" or "ingest") IngestBenchmark.Run(repo, events: 1_000_000);
// The case (64 partitions, events over 30 days: a backfill, ~19,000 small files), then live traffic (one day).
if (which is "all" or "kafka") KafkaBenchmark.Run(repo, events: 1_000_000, partitions: 64, spanDays: 30);
if (which is "all" or "kafka") KafkaBenchmark.Run(repo, events: 1_000_000, partitions: 64, spanDays: 1);
if (which is "all" or "s3") S3IngestBenchmark.Run(repo, events: 1_000_000);
// The 5M bank events; generating and ingesting them the first time takes ~3-4 minutes on these 2 shared cores.
if (which is "all" or "projection") ProjectionBenchmark.Run(repo, events: args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5_000_000);
Scratch.Empty();
Console.WriteLine();
Console.WriteLine($"peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024)} MiB");

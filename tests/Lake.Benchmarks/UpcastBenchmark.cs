using System.Diagnostics;
using System.Text.Json;
using Lake.Core.Envelope;
using Lake.Core.Upcasting;
using Lake.Generation;
using Lake.Pipelines;

namespace Lake.Benchmarks;

/// <summary>
/// Decode + upcast + validate on the shop mix (every version, 0.1% bad), one thread: the per-core figure. Lines are fed as
/// <c>lake ingest</c> feeds them, slices of <see cref="NdjsonLineReader"/>'s buffer over the NDJSON; the tokeniser alone over the
/// same slices is the reference for this machine's pace (the decoder reads with its own lean reader, which tokenises ~20% faster,
/// and falls back to Utf8JsonReader only for what it refuses).
/// </summary>
internal static class UpcastBenchmark
{
    public static void Run(string pipelineDir, int events)
    {
        var pipeline = PipelineLoader.Load(pipelineDir);
        var ndjson = new MemoryStream();
        foreach (var line in new HistoryGenerator(pipeline).Generate(new GenerationOptions(events, 42)))
        {
            ndjson.Write(line.Json);
            ndjson.WriteByte((byte)'\n');
        }
        var file = new ArraySegment<byte>(ndjson.GetBuffer(), 0, (int)ndjson.Length);
        var upcaster = new Upcaster(pipeline.Catalog);
        long curated = 0, quarantined = 0, shortcut = 0;
        // Warm-up lets tiered JIT reach its optimised code, as it does within seconds of a long ingest.
        EachLine(file, events: 300_000, line => upcaster.Process(line));
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        EachLine(file, int.MaxValue, line =>
        {
            var decoded = upcaster.Decode(line);
            if (decoded.Envelope is { Data: null }) shortcut++;
            if (decoded.IsSuccess) upcaster.Upcast(decoded.Envelope!);
        });
        // Allocation per event is the noise-free figure on these shared machines; time follows it.
        var bytesPerEvent = (GC.GetAllocatedBytesForCurrentThread() - allocatedBefore) / (double)events;
        var best = double.MaxValue;
        for (var round = 0; round < 3; round++)
        {
            curated = quarantined = 0;
            var sw = Stopwatch.StartNew();
            EachLine(file, int.MaxValue, line =>
            {
                var r = upcaster.Process(line);
                if (r.IsQuarantined) quarantined++; else curated += r.Events.Count;
            });
            best = Math.Min(best, sw.Elapsed.TotalSeconds);
        }
        var tokenize = double.MaxValue;
        for (var round = 0; round < 3; round++)
        {
            var sw = Stopwatch.StartNew();
            long tokens = 0;
            EachLine(file, int.MaxValue, line =>
            {
                var reader = new Utf8JsonReader(line);
                try { while (reader.Read()) tokens++; } catch (JsonException) { }
            });
            tokenize = Math.Min(tokenize, sw.Elapsed.TotalSeconds);
        }
        Console.WriteLine("| benchmark | events | events/s (one core) | MB/s | result |");
        Console.WriteLine("|---|---|---|---|---|");
        Console.WriteLine($"| reference: NDJSON lines + Utf8JsonReader tokenising only (the machine's pace; the decoder's lean reader tokenises ~20% faster) | {events:N0} | {events / tokenize:N0} | {file.Count / tokenize / 1e6:N0} | no values materialised |");
        Console.WriteLine($"| NDJSON lines + decode + upcast + validate, shop mix | {events:N0} | {events / best:N0} | {file.Count / best / 1e6:N0} | {curated:N0} curated, {quarantined:N0} quarantined; {shortcut:N0} read straight into the latest schema; {bytesPerEvent:N0} bytes allocated per event |");
    }

    private delegate void LineAction(ReadOnlySpan<byte> line);

    private static void EachLine(ArraySegment<byte> file, int events, LineAction action)
    {
        using var reader = new NdjsonLineReader(new MemoryStream(file.Array!, file.Offset, file.Count, writable: false));
        for (var n = 0; n < events && reader.TryReadLine(out var line); n++) action(line);
    }
}

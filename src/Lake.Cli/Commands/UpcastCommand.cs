using System.CommandLine;
using System.Text.Json;
using Lake.Core.Data;
using Lake.Core.Envelope;
using Lake.Core.Upcasting;

namespace Lake.Cli.Commands;

/// <summary><c>lake upcast</c>: for producers debugging their events, each input line as the latest-version envelope or its quarantine verdict.</summary>
internal static class UpcastCommand
{
    public static Command Create()
    {
        var pipeline = CliOptions.Pipeline();
        var input = new Option<string>("--in", "-i") { Description = "NDJSON input file (.gz ok), or - for stdin", DefaultValueFactory = _ => "-" };
        var command = new Command("upcast", "Upcast each input line to the latest schema; print it, or why it would be quarantined") { pipeline, input };
        command.SetAction(parse => CliOptions.Guard(() =>
        {
            var definition = CliOptions.LoadPipeline(parse.GetValue(pipeline)!);
            var upcaster = new Upcaster(definition.Catalog);
            using var reader = new NdjsonLineReader(InputFiles.OpenRead(parse.GetValue(input)!));
            using var stdout = Console.OpenStandardOutput();
            using var buffered = new BufferedStream(stdout, 1 << 16);
            // Producers read this output: write "Gdańsk", not "Gda\u0144sk".
            using var writer = new Utf8JsonWriter(buffered, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
            long curated = 0, quarantined = 0;
            var reasons = new SortedDictionary<string, long>(StringComparer.Ordinal);
            while (reader.TryReadLine(out var line))
            {
                if (line.IsEmpty) continue;
                var result = upcaster.Process(line);
                if (result.Error is { } error)
                {
                    quarantined++;
                    reasons[error.Reason.Code()] = reasons.GetValueOrDefault(error.Reason.Code()) + 1;
                    writer.WriteStartObject();
                    writer.WriteStartObject("quarantine");
                    writer.WriteString("reason", error.Reason.Code());
                    writer.WriteString("message", error.Message);
                    writer.WriteEndObject();
                    writer.WriteNumber("line", reader.LineNumber);
                    writer.WriteEndObject();
                    Next(writer, buffered);
                    continue;
                }
                foreach (var e in result.Events)
                {
                    curated++;
                    WriteCurated(writer, e, result.UnknownFields);
                    Next(writer, buffered);
                }
            }
            writer.Flush();
            buffered.Flush();
            Console.Error.WriteLine($"lake upcast: {reader.LineNumber:N0} lines, {curated:N0} events at the latest version, {quarantined:N0} quarantined"
                + (reasons.Count == 0 ? "" : " (" + string.Join(", ", reasons.Select(r => $"{r.Key}: {r.Value:N0}")) + ")"));
            return 0;
        }));
        return command;
    }

    private static void Next(Utf8JsonWriter writer, Stream stream)
    {
        writer.Flush();
        stream.WriteByte((byte)'\n');
        writer.Reset(stream);
    }

    private static void WriteCurated(Utf8JsonWriter w, CuratedEvent e, IReadOnlyList<string>? unknown)
    {
        w.WriteStartObject();
        w.WriteStartObject("metadata");
        w.WriteString("id", e.Id);
        w.WriteString("type", e.Type.Name);
        w.WriteNumber("version", e.Type.LatestVersion);
        if (e.ReceivedType != e.Type.Name) w.WriteString("received_type", e.ReceivedType);
        w.WriteNumber("received_version", e.ReceivedVersion);
        w.WriteString("occurred_at", Timestamps.Format(e.OccurredAt));
        if (e.RecordedAt is { } r) w.WriteString("recorded_at", Timestamps.Format(r));
        if (e.Producer is not null) w.WriteString("producer", e.Producer);
        if (e.AggregateId is not null) w.WriteString("aggregate_id", e.AggregateId);
        if (unknown is { Count: > 0 })
        {
            w.WriteStartArray("unknown_fields");
            foreach (var u in unknown) w.WriteStringValue(u);
            w.WriteEndArray();
        }
        w.WriteEndObject();
        w.WritePropertyName("data");
        JsonDataWriter.WriteRow(w, e.Type.Latest.Fields, e.Values);
        w.WriteEndObject();
    }
}

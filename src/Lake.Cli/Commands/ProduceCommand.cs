using System.CommandLine;
using Lake.Generation;
using Lake.Kafka;

namespace Lake.Cli.Commands;

/// <summary><c>lake produce</c>: a generated history onto the pipeline's topics, for demos, tests and benchmarks.</summary>
internal static class ProduceCommand
{
    public static Command Create()
    {
        var pipeline = CliOptions.Pipeline();
        var bootstrap = new Option<string>("--bootstrap", "-b") { Description = "Kafka bootstrap servers (e.g. from lake dev broker)", Required = true };
        var events = new Option<long>("--events", "-n") { Description = "Number of messages", DefaultValueFactory = _ => 100_000 };
        var seed = new Option<int>("--seed") { Description = "Random seed (same seed, same history)", DefaultValueFactory = _ => 1 };
        var rate = new Option<int>("--rate") { Description = "Messages per second at most (0 = unthrottled)" };
        var cloudEvents = new Option<bool>("--cloudevents") { Description = "CloudEvents binary mode: ce_* headers, value = data" };
        var days = CliOptions.HistoryDays();
        var command = new Command("produce", "Publish a generated history onto the pipeline's topics (key = aggregate id)") { pipeline, bootstrap, events, seed, rate, cloudEvents, days };
        command.SetAction(parse => CliOptions.Guard(() =>
        {
            var definition = CliOptions.LoadPipeline(parse.GetValue(pipeline)!);
            var producer = new HistoryProducer(definition, parse.GetValue(bootstrap)!) { Rate = parse.GetValue(rate), CloudEventsBinary = parse.GetValue(cloudEvents) };
            ProduceSummary summary;
            try { summary = producer.Produce(new GenerationOptions(parse.GetValue(events), parse.GetValue(seed)) { Days = CliOptions.GetHistoryDays(parse, days) }); }
            catch (InvalidOperationException e) { throw new UsageException(e.Message); }
            catch (Confluent.Kafka.KafkaException e) { Console.Error.WriteLine($"lake: producing to {parse.GetValue(bootstrap)} failed: {e.Error.Reason}"); return 1; }
            Console.Error.WriteLine($"produced {summary.Messages:N0} messages in {summary.Elapsed.TotalSeconds:F1} s ({summary.Messages / Math.Max(summary.Elapsed.TotalSeconds, 1e-9):N0}/s)");
            foreach (var (topic, n) in summary.ByTopic) Console.Error.WriteLine($"  {topic,-24} {n,12:N0}");
            return 0;
        }));
        return command;
    }
}

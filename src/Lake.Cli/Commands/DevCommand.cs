using System.CommandLine;
using Lake.Kafka;

namespace Lake.Cli.Commands;

/// <summary><c>lake dev broker</c>: a local Kafka (librdkafka's mock cluster) for demos and tests, steered from stdin.</summary>
internal static class DevCommand
{
    public static Command Create()
    {
        var brokers = new Option<int>("--brokers") { Description = "Number of brokers", DefaultValueFactory = _ => 3 };
        var topics = new Option<string[]>("--topic") { Description = "A topic to create, as name:partitions (repeatable)", AllowMultipleArgumentsPerToken = false };
        var bootstrapFile = new Option<FileInfo?>("--bootstrap-file") { Description = "Also write the bootstrap servers to this file" };
        var noControl = new Option<bool>("--no-control") { Description = "Do not read commands from stdin; serve until stopped (for background use)" };
        var broker = new Command("broker", "Serve the Kafka protocol on loopback ports until stopped; stdin takes control commands (" + BrokerControl.Help + ")")
        {
            brokers, topics, bootstrapFile, noControl,
        };
        broker.SetAction(async (parse, ct) => await Task.Run(() => CliOptions.Guard(() =>
        {
            using var cluster = MockCluster.Start(parse.GetValue(brokers));
            foreach (var spec in parse.GetValue(topics) ?? [])
            {
                var (name, partitions) = spec.Split(':') is [var n, var p] && int.TryParse(p, out var count) ? (n, count)
                    : throw new UsageException($"--topic '{spec}' is not name:partitions (e.g. shop.orders:8)");
                cluster.CreateTopic(name, partitions);
            }
            if (parse.GetValue(bootstrapFile) is { } file) File.WriteAllText(file.FullName, cluster.BootstrapServers + "\n");
            Console.WriteLine(cluster.BootstrapServers);
            if (parse.GetValue(noControl))
            {
                Console.Error.WriteLine($"lake dev broker: {cluster.Brokers} broker(s) at {cluster.BootstrapServers}; stop with Ctrl-C or SIGTERM");
                ct.WaitHandle.WaitOne();
                return 0;
            }
            Console.Error.WriteLine($"lake dev broker: {cluster.Brokers} broker(s) at {cluster.BootstrapServers}; {BrokerControl.Help}; stop with Ctrl-C or end of input");
            string? line;
            while (!ct.IsCancellationRequested && (line = Console.In.ReadLine()) is not null)
            {
                var reply = BrokerControl.Apply(cluster, line);
                if (reply.Length > 0) Console.Error.WriteLine(reply);
            }
            return 0;
        }), ct));
        var dev = new Command("dev", "Local services for development and tests");
        dev.Subcommands.Add(broker);
        return dev;
    }
}

using System.Globalization;

namespace Lake.Kafka;

/// <summary>
/// The dev broker's control language, one command per line (stdin): <c>down 1</c>, <c>up 1</c>, <c>leader topic 0 2</c>,
/// <c>errors 1 6 6</c> (the next two Fetch requests fail with NOT_LEADER_OR_FOLLOWER), <c>topic name 8</c>.
/// </summary>
public static class BrokerControl
{
    public const string Help = "commands: down <broker> | up <broker> | leader <topic> <partition> <broker> | errors <apiKey> <code>... | topic <name> <partitions>";

    /// <summary>Applies one command; returns what happened, or an error message that names the command and the fix.</summary>
    public static string Apply(MockCluster cluster, string line)
    {
        var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length == 0) return "";
        try
        {
            switch (words)
            {
                case ["down", var b]: cluster.SetBrokerDown(Int(b)); return $"broker {b} is down";
                case ["up", var b]: cluster.SetBrokerUp(Int(b)); return $"broker {b} is up";
                case ["leader", var t, var p, var b]: cluster.MoveLeader(t, Int(p), Int(b)); return $"{t}[{p}] is led by broker {b}";
                case ["errors", var api, .. var codes] when codes.Length > 0:
                    cluster.InjectRequestErrors((short)Int(api), codes.Select(Int).ToArray());
                    return $"the next {codes.Length} request(s) of API {api} fail";
                case ["topic", var name, var parts]: cluster.CreateTopic(name, Int(parts)); return $"topic {name} with {parts} partition(s)";
                default: return $"error: '{line}' is not a command; {Help}";
            }
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException or ArgumentException)
        {
            return $"error: '{line}': {e.Message}";
        }
    }

    private static int Int(string s) => int.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture);
}

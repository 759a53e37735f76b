using System.Net;

namespace Lake.Serve;

/// <summary>Whether Kestrel's URLs expose the service beyond this machine.</summary>
public static class BindAddresses
{
    /// <summary>True when every URL binds a loopback address (127.0.0.1, ::1, localhost).</summary>
    public static bool AllLoopback(IEnumerable<string> urls) => urls.All(IsLoopback);

    public static bool IsLoopback(string url)
    {
        // Kestrel's wildcards (*, +, 0.0.0.0) do not parse as a Uri host or mean every interface: not loopback.
        var host = url.Contains("://", StringComparison.Ordinal) ? url[(url.IndexOf("://", StringComparison.Ordinal) + 3)..] : url;
        host = host.Split('/')[0];
        if (host.StartsWith('[')) host = host[1..host.IndexOf(']')];
        else if (host.Contains(':')) host = host[..host.LastIndexOf(':')];
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase)) return true;
        return IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip);
    }
}

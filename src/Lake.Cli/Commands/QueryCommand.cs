using System.CommandLine;
using System.Text.RegularExpressions;
using Lake.Ingest;
using Lake.Query;
using Lake.S3;

namespace Lake.Cli.Commands;

/// <summary>
/// <c>lake query</c>: SQL over a lake with DuckDB, one view per event type plus raw and quarantine. An S3 lake is queried from a
/// local cache of its committed files (DuckDB here has no httpfs), fetched incrementally before the query runs.
/// </summary>
internal static partial class QueryCommand
{
    public static Command Create()
    {
        var lake = new Option<string>("--lake", "-l")
        {
            Description = "The lake: a folder (holds events/, raw/, quarantine/) or s3://bucket/prefix. " + CliOptions.S3Help,
            DefaultValueFactory = _ => "lake-data",
        };
        var cache = new Option<string?>("--cache") { Description = "S3 lakes: the local folder committed files are fetched into (default: <LAKE_CACHE_DIR, else ~/.cache/lake>/s3/<bucket>/<prefix>)" };
        var format = new Option<string>("--format", "-f") { Description = "Output format", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "csv", "json");
        var sql = new Argument<string>("sql") { Description = "The SQL to run, e.g. \"SELECT dt, count(*) FROM order_placed GROUP BY dt\"" };
        var command = new Command("query", "Run SQL over the lake: a view per event type (with dt from the path), plus raw and quarantine") { lake, cache, format, sql };
        command.SetAction(parse => CliOptions.Guard(() =>
        {
            var location = parse.GetValue(lake)!;
            var text = parse.GetValue(sql)!;
            string folder;
            if (LakeStores.IsS3(location))
            {
                using var opened = CliOptions.OpenLake(location);
                folder = Path.GetFullPath(parse.GetValue(cache) ?? DefaultCache(location));
                Directory.CreateDirectory(folder);
                try { Fetch(opened, folder, text); }
                catch (IOException e)
                {
                    Console.Error.WriteLine($"lake: fetching {opened.Name} into {folder} failed: {e.Message}");
                    return 2;
                }
            }
            else
            {
                folder = Path.GetFullPath(location);
                if (!Directory.Exists(folder)) throw new UsageException($"lake folder '{folder}' does not exist");
            }
            var outputFormat = parse.GetValue(format) switch
            {
                "csv" => ResultFormat.Csv,
                "json" => ResultFormat.Json,
                _ => ResultFormat.Table,
            };
            QueryResult result;
            try
            {
                using var session = LakeQuery.Open(folder);
                result = session.Run(text);
            }
            catch (LakeQueryException e)
            {
                Console.Error.WriteLine("lake: query failed: " + e.Message);
                return 2;
            }
            ResultWriter.Write(result, outputFormat, Console.Out);
            Console.Out.Flush();
            return 0;
        }));
        return command;
    }

    /// <summary>
    /// Brings the cache up to date with the lake's commits, for the views the SQL names (all of them if it names none): an event
    /// type's folder, raw or quarantine. Progress goes to stderr.
    /// </summary>
    private static void Fetch(OpenedLake opened, string folder, string sql)
    {
        var words = new HashSet<string>(Word().Matches(sql).Select(m => m.Value.ToLowerInvariant()), StringComparer.Ordinal);
        var interactive = !Console.IsErrorRedirected;
        var shown = DateTime.MinValue;
        var progress = new SyncProgress(r =>
        {
            var total = r.Files - r.Present;
            var done = r.Fetched == total;
            if (total == 0 || (!done && DateTime.UtcNow - shown < TimeSpan.FromMilliseconds(interactive ? 200 : 5000))) return;
            shown = DateTime.UtcNow;
            Console.Error.Write($"{(interactive ? "\r" : "")}lake: fetching from {opened.Name}: {r.Fetched:N0}/{total:N0} files ({r.FetchedBytes / 1048576.0:N1} MiB), {r.Present:N0} already cached{(interactive && !done ? "" : "\n")}");
        });
        var sync = LakeMirror.SyncAsync(opened.Store, folder, path => View(path) is { } view && words.Contains(view), progress).GetAwaiter().GetResult();
        // The SQL names no view this lake has (or spells one in a way not seen here): fetch everything rather than guess.
        if (sync.Files == 0) LakeMirror.SyncAsync(opened.Store, folder, null, progress).GetAwaiter().GetResult();
    }

    /// <summary>The view a data file belongs to: its event type, raw or quarantine.</summary>
    private static string? View(string path)
    {
        var parts = path.Split('/');
        if (parts[0] == LakePaths.Events && parts.Length > 1 && parts[1].StartsWith("event_type=", StringComparison.Ordinal)) return parts[1]["event_type=".Length..];
        return parts[0] is LakePaths.Raw or LakePaths.Quarantine ? parts[0] : null;
    }

    /// <summary><c>&lt;cache&gt;/s3/&lt;bucket&gt;/&lt;prefix&gt;</c> in Lake's cache folder (LAKE_CACHE_DIR, else $XDG_CACHE_HOME/lake, else ~/.cache/lake).</summary>
    private static string DefaultCache(string location)
    {
        var root = Environment.GetEnvironmentVariable("LAKE_CACHE_DIR");
        if (string.IsNullOrEmpty(root))
        {
            var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            root = Path.Combine(string.IsNullOrEmpty(xdg) ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache") : xdg, "lake");
        }
        var options = S3StoreOptions.FromUri(location);
        return Path.Combine(root, "s3", options.Bucket, options.Prefix.Replace('/', Path.DirectorySeparatorChar));
    }

    [GeneratedRegex("[A-Za-z_][A-Za-z0-9_]*")]
    private static partial Regex Word();

    /// <summary>Reports synchronously on the fetching thread (Progress&lt;T&gt; would post to the thread pool and print out of order).</summary>
    private sealed class SyncProgress(Action<MirrorResult> report) : IProgress<MirrorResult>
    {
        public void Report(MirrorResult value) => report(value);
    }
}

using System.CommandLine;
using Lake.Query;

namespace Lake.Cli.Commands;

/// <summary><c>lake query</c>: SQL over a lake folder with DuckDB, one view per event type plus raw and quarantine.</summary>
internal static class QueryCommand
{
    public static Command Create()
    {
        var lake = new Option<DirectoryInfo>("--lake", "-l")
        {
            Description = "The lake folder (holds events/, raw/, quarantine/)",
            DefaultValueFactory = _ => new DirectoryInfo("lake-data"),
        };
        var format = new Option<string>("--format", "-f") { Description = "Output format", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "csv", "json");
        var sql = new Argument<string>("sql") { Description = "The SQL to run, e.g. \"SELECT dt, count(*) FROM order_placed GROUP BY dt\"" };
        var command = new Command("query", "Run SQL over the lake: a view per event type (with dt from the path), plus raw and quarantine") { lake, format, sql };
        command.SetAction(parse => CliOptions.Guard(() =>
        {
            var dir = parse.GetValue(lake)!;
            if (!dir.Exists) throw new UsageException($"lake folder '{dir.FullName}' does not exist");
            var outputFormat = parse.GetValue(format) switch
            {
                "csv" => ResultFormat.Csv,
                "json" => ResultFormat.Json,
                _ => ResultFormat.Table,
            };
            QueryResult result;
            try
            {
                using var session = LakeQuery.Open(dir.FullName);
                result = session.Run(parse.GetValue(sql)!);
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
}

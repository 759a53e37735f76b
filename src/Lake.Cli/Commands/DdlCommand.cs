using System.CommandLine;
using Lake.Query;

namespace Lake.Cli.Commands;

/// <summary><c>lake ddl athena|spark</c>: CREATE TABLE statements for the lake at an S3 location, one per curated event type plus raw and quarantine.</summary>
internal static class DdlCommand
{
    public static Command Create()
    {
        var dialect = new Argument<string>("dialect") { Description = "The SQL engine: athena or spark" };
        dialect.AcceptOnlyFromAmong("athena", "spark");
        var pipeline = CliOptions.Pipeline();
        var location = new Option<string>("--location") { Description = "Where the lake lives, e.g. s3://bucket/prefix", Required = true };
        var command = new Command("ddl", "Print CREATE TABLE statements (Athena or Spark) for each curated event type, raw and quarantine") { dialect, pipeline, location };
        command.SetAction(parse => CliOptions.Guard(() =>
        {
            string root;
            try
            {
                root = TableDdl.NormalizeLocation(parse.GetValue(location)!);
            }
            catch (ArgumentException e)
            {
                throw new UsageException(e.Message);
            }
            var definition = CliOptions.LoadPipeline(parse.GetValue(pipeline)!);
            var which = parse.GetValue(dialect) == "spark" ? DdlDialect.Spark : DdlDialect.Athena;
            Console.Out.Write(TableDdl.Write(definition.Catalog, which, root));
            Console.Out.Flush();
            return 0;
        }));
        return command;
    }
}

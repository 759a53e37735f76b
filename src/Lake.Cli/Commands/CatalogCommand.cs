using System.CommandLine;
using Lake.Cli.Catalog;
using Lake.Core.Catalog;

namespace Lake.Cli.Commands;

/// <summary><c>lake catalog docs|check</c>: documentation and compatibility checks for service teams.</summary>
internal static class CatalogCommand
{
    public static Command Create()
    {
        var command = new Command("catalog", "Document the event catalog, or check a change for breaking changes");

        var pipeline = CliOptions.Pipeline();
        var output = new Option<DirectoryInfo>("--out", "-o") { Description = "Folder for the Markdown (one page per event type and an index)", Required = true };
        var docs = new Command("docs", "Write Markdown for each event type: description, owner, versions, fields, upcast path, example") { pipeline, output };
        docs.SetAction(parse => CliOptions.Guard(() =>
        {
            var definition = CliOptions.LoadPipeline(parse.GetValue(pipeline)!);
            var dir = parse.GetValue(output)!;
            var written = CatalogDocs.Write(definition, dir.FullName);
            Console.Error.WriteLine($"wrote {written} pages to {dir.FullName}");
            return 0;
        }));
        command.Subcommands.Add(docs);

        var checkPipeline = CliOptions.Pipeline();
        var against = new Option<DirectoryInfo>("--against") { Description = "The older pipeline folder to compare with (e.g. a checkout of main)", Required = true };
        var check = new Command("check", "Fail on breaking changes to latest versions: renamed or deleted fields, narrowed types, new required fields, removed enum values")
        {
            checkPipeline, against,
        };
        check.SetAction(parse => CliOptions.Guard(() =>
        {
            var current = CliOptions.LoadPipeline(parse.GetValue(checkPipeline)!);
            var older = CliOptions.LoadPipeline(parse.GetValue(against)!);
            var problems = CompatibilityCheck.Compare(older.Catalog, current.Catalog);
            if (problems.Count == 0)
            {
                Console.WriteLine($"no breaking changes: {current.Catalog.CuratedTypes.Count} event types are compatible with {parse.GetValue(against)!.FullName}");
                return 0;
            }
            Console.WriteLine($"{problems.Count} breaking change(s):");
            foreach (var p in problems) Console.WriteLine("  - " + p);
            Console.WriteLine("Declare a new version with an upcast step instead of changing the latest one in place.");
            return 1;
        }));
        command.Subcommands.Add(check);
        return command;
    }
}

using System.CommandLine;
using Lake.Cli.Commands;

var root = new RootCommand("Lake: turns business event streams into a data lake. Upcasts every historical event version to the latest schema.");
root.Subcommands.Add(GenerateCommand.Create());
root.Subcommands.Add(UpcastCommand.Create());
root.Subcommands.Add(CatalogCommand.Create());
root.Subcommands.Add(IngestCommand.Create());
root.Subcommands.Add(QueryCommand.Create());
root.Subcommands.Add(DdlCommand.Create());
root.Subcommands.Add(DevCommand.Create());
root.Subcommands.Add(ProduceCommand.Create());
root.Subcommands.Add(VerifyCommand.Create());
root.Subcommands.Add(ServeCommand.Create());
root.Subcommands.Add(JobsCommand.Create());
return await root.Parse(args).InvokeAsync();

using Lake.Cli.Commands;

return await LakeCommands.Create().Parse(args).InvokeAsync();

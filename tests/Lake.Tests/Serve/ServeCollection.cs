namespace Lake.Tests.Serve;

/// <summary>Hangfire keeps process-wide state (current storage, global filters): hosts in this process run one test at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ServeCollection
{
    public const string Name = "lake serve";
}

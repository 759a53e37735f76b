namespace Lake.Tests;

/// <summary>Paths inside the repository, found from the test binary's location.</summary>
internal static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string Pipeline(string name) => Path.Combine(Root, "pipelines", name);

    public static string Fixture(string relative) => Path.Combine(AppContext.BaseDirectory, "Fixtures", relative);

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Lake.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Lake.sln not found above " + AppContext.BaseDirectory);
    }
}

namespace Lake.Benchmarks;

internal static class Repo
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Lake.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Lake.sln not found");
    }
}

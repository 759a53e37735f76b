using Lake.Core.Schema;

namespace Lake.Tests.Catalog;

/// <summary>Assertions on what a catalog error tells the person who has to fix it.</summary>
internal static class ErrorAssert
{
    /// <summary>
    /// The error's structured parts match, and its text names the file (and line when known), the event type, version and
    /// field, and says how to fix it.
    /// </summary>
    public static void Names(CatalogError error, string file, string? type, int? version, string? field)
    {
        var text = error.ToString();
        var expected = (file, type, version, field);
        var actual = (error.Location.File, error.EventType, error.Version, error.Field);
        Assert.True(expected == actual, $"expected {expected}, got {actual} in: {text}");
        Assert.StartsWith(file, text);
        if (error.Location.Line > 0) Assert.Contains($"{file}:{error.Location.Line}:", text);
        if (type is not null) Assert.Contains($"event type '{type}'", text);
        if (version is not null) Assert.Contains($"version {version}", text);
        if (field is not null) Assert.Contains($"field '{field}'", text);
        Assert.False(string.IsNullOrWhiteSpace(error.Fix));
        Assert.Contains(". Fix: " + error.Fix, text);
    }

    /// <summary>The one error whose problem contains <paramref name="problem"/>; fails listing all errors otherwise.</summary>
    public static CatalogError Single(IReadOnlyList<CatalogError> errors, string problem)
    {
        var matching = errors.Where(e => e.Problem.Contains(problem, StringComparison.Ordinal)).ToList();
        Assert.True(matching.Count == 1, $"expected one error containing \"{problem}\", got {matching.Count} of:\n{string.Join("\n", errors)}");
        return matching[0];
    }

    /// <summary>Line of the first line of <paramref name="file"/> containing <paramref name="text"/> (1-based).</summary>
    public static int LineOf(string file, string text)
    {
        var lines = File.ReadAllLines(file);
        var i = Array.FindIndex(lines, l => l.Contains(text, StringComparison.Ordinal));
        Assert.True(i >= 0, $"'{text}' not in {file}");
        return i + 1;
    }
}

using Lake.Core.Schema;
using Lake.Pipelines;

namespace Lake.Tests.Catalog;

/// <summary>A throw-away pipeline folder in the temp directory: pipeline.yaml, events/&lt;type&gt;.yaml and optional C# files.</summary>
internal sealed class PipelineFolder : IDisposable
{
    public PipelineFolder(string? pipelineYaml = "name: t\n", bool withEventsFolder = true)
    {
        Dir = Path.Combine(Path.GetTempPath(), "lake-catalog-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Dir);
        if (withEventsFolder) Directory.CreateDirectory(Path.Combine(Dir, "events"));
        if (pipelineYaml is not null) File.WriteAllText(Path.Combine(Dir, "pipeline.yaml"), pipelineYaml);
    }

    public string Dir { get; }

    /// <summary>Writes <c>events/&lt;type&gt;.yaml</c>.</summary>
    public PipelineFolder Event(string type, string yaml) => Write(Path.Combine("events", type + ".yaml"), yaml);

    public PipelineFolder Write(string relative, string text)
    {
        var path = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return this;
    }

    public string PathOf(string relative) => Path.Combine(Dir, relative);

    public string EventFile(string type) => PathOf(Path.Combine("events", type + ".yaml"));

    public PipelineDefinition Load() => PipelineLoader.Load(Dir);

    /// <summary>Loads the folder, expecting it to fail, and returns every reported error.</summary>
    public IReadOnlyList<CatalogError> Errors() => Assert.Throws<CatalogException>(() => PipelineLoader.Load(Dir)).Errors;

    /// <summary>Loads the folder, expecting exactly one error, and returns it.</summary>
    public CatalogError SingleError()
    {
        var errors = Errors();
        Assert.True(errors.Count == 1, $"expected one error, got {errors.Count}:\n{string.Join("\n", errors)}");
        return errors[0];
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

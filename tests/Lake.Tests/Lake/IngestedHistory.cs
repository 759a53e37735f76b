using Lake.Generation;
using Lake.Ingest;
using Lake.Pipelines;

namespace Lake.Tests.Lake;

/// <summary>A generated history of a sample pipeline, ingested once into a temporary lake and shared by the tests that read it.</summary>
public class IngestedHistory : IDisposable
{
    public IngestedHistory(string pipeline, int events, int seed, IngestOptions? options = null, double duplicateShare = 0.005, double lateShare = 0.02)
    {
        Pipeline = PipelineLoader.Load(Repo.Pipeline(pipeline));
        Root = Path.Combine(Path.GetTempPath(), "lake-test-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
        Input = Path.Combine(Root, pipeline + ".ndjson");
        using (var f = File.Create(Input)) Generated = new HistoryGenerator(Pipeline).Write(f, new GenerationOptions(events, seed) { BadShare = 0.003, DuplicateShare = duplicateShare, LateShare = lateShare });
        Lake = Path.Combine(Root, "lake");
        Summary = new LakeIngestor(Pipeline.Catalog, Lake, (options ?? new IngestOptions()) with { PipelineDirectory = Pipeline.Directory }).IngestFiles(SourceFile.Resolve(Input));
    }

    public PipelineDefinition Pipeline { get; }
    public string Root { get; }
    public string Input { get; }
    public string Lake { get; }
    public GenerationStats Generated { get; }
    public IngestSummary Summary { get; }

    public static Dictionary<string, string> FileHashes(string lake) =>
        Directory.GetFiles(lake, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(lake, f), f => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f))));

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }
}

public sealed class ShopLake() : IngestedHistory("shop", 30_000, 11) { }
public sealed class BankLake() : IngestedHistory("bank", 30_000, 12) { }

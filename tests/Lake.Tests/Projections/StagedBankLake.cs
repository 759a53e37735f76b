using Lake.Generation;
using Lake.Ingest;
using Lake.Pipelines;

namespace Lake.Tests.Projections;

/// <summary>
/// One bank history ingested in two stages: lake A holds the first 60% of the lines (in recorded_at order), lake B the same files
/// plus the rest, ingested afterwards. Checkpoints built from A and stored in B are checkpoints taken before the rest arrived,
/// including late events that occurred before their as-of.
/// </summary>
public sealed class StagedBankLake : IDisposable
{
    public StagedBankLake()
    {
        Pipeline = PipelineLoader.Load(Repo.Pipeline("bank"));
        Root = Path.Combine(Path.GetTempPath(), "lake-staged-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
        var lines = new HistoryGenerator(Pipeline).Generate(new GenerationOptions(30_000, 81) { LateShare = 0.05, DuplicateShare = 0.02 }).Select(l => l.Json).ToList();
        var split = lines.Count * 6 / 10;
        var first = Path.Combine(Root, "first.ndjson");
        var rest = Path.Combine(Root, "rest.ndjson");
        File.WriteAllLines(first, lines.Take(split).Select(l => System.Text.Encoding.UTF8.GetString(l)));
        File.WriteAllLines(rest, lines.Skip(split).Select(l => System.Text.Encoding.UTF8.GetString(l)));
        LakeA = Path.Combine(Root, "a");
        LakeB = Path.Combine(Root, "b");
        var options = new IngestOptions { PipelineDirectory = Pipeline.Directory };
        new LakeIngestor(Pipeline.Catalog, LakeA, options).IngestFiles(SourceFile.Resolve(first));
        new LakeIngestor(Pipeline.Catalog, LakeB, options).IngestFiles(SourceFile.Resolve(first));
        new LakeIngestor(Pipeline.Catalog, LakeB, options).IngestFiles(SourceFile.Resolve(rest));
        // The first stage ends where its last line was recorded; checkpoints are taken at event times before that.
        FirstStageEnd = lines.Take(split).Select(Generation.GeneratedHistory.Metadata).OfType<System.Text.Json.JsonElement>()
            .Where(m => m.TryGetProperty("recorded_at", out var r) && r.ValueKind == System.Text.Json.JsonValueKind.String)
            .Select(m => m.GetProperty("recorded_at").GetDateTime().ToUniversalTime()).Last();
    }

    public PipelineDefinition Pipeline { get; }
    public string Root { get; }
    public string LakeA { get; }
    public string LakeB { get; }
    public DateTime FirstStageEnd { get; }
    public static readonly DateTime Start = BankProjectionLake.Start;

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }
}

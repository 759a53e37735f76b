using System.Text.Json;
using Lake.Core.Upcasting;
using Lake.Generation;
using Lake.Pipelines;

namespace Lake.Tests.Generation;

/// <summary>A generated history, kept in memory with each line's upcast result; shared by tests, generated once per pipeline.</summary>
internal sealed class GeneratedHistory
{
    private static readonly Lazy<GeneratedHistory> ShopHistory = new(() => new("shop", new GenerationOptions(200_000, 42) { BadShare = 0.002 }));
    private static readonly Lazy<GeneratedHistory> BankHistory = new(() => new("bank", new GenerationOptions(50_000, 42)));

    public static GeneratedHistory Shop => ShopHistory.Value;
    public static GeneratedHistory Bank => BankHistory.Value;

    public PipelineDefinition Pipeline { get; }
    public GenerationOptions Options { get; }
    public GenerationStats Stats { get; } = new();
    public List<byte[]> Lines { get; }
    public List<UpcastResult> Results { get; }

    private GeneratedHistory(string name, GenerationOptions options)
    {
        Pipeline = PipelineLoader.Load(Repo.Pipeline(name));
        Options = options;
        Lines = new HistoryGenerator(Pipeline).Generate(options, Stats).Select(l => l.Json).ToList();
        var upcaster = new Upcaster(Pipeline.Catalog);
        Results = Lines.Select(l => upcaster.Process(l)).ToList();
    }

    /// <summary>The line's metadata object, or null when the line is not a JSON object with metadata.</summary>
    public static JsonElement? Metadata(byte[] line)
    {
        try
        {
            using var doc = JsonDocument.Parse(line);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("metadata", out var m) && m.ValueKind == JsonValueKind.Object
                ? m.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public IEnumerable<CuratedEvent> Curated => Results.SelectMany(r => r.Events);
}

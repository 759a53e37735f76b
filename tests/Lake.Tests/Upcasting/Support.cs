using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lake.Core.Upcasting;
using Lake.Pipelines;

namespace Lake.Tests.Upcasting;

/// <summary>The pipelines the upcasting tests run against, loaded once per test run.</summary>
internal static class Pipelines
{
    private static readonly Lazy<Upcaster> ShopUpcaster = new(() => new Upcaster(PipelineLoader.Load(Repo.Pipeline("shop")).Catalog));
    private static readonly Lazy<Upcaster> BankUpcaster = new(() => new Upcaster(PipelineLoader.Load(Repo.Pipeline("bank")).Catalog));
    private static readonly Lazy<Upcaster> LegacyUpcaster = new(() => new Upcaster(PipelineLoader.Load(Repo.Fixture("pipelines/legacy")).Catalog));

    public static Upcaster Shop => ShopUpcaster.Value;
    public static Upcaster Bank => BankUpcaster.Value;
    public static Upcaster Legacy => LegacyUpcaster.Value;
}

/// <summary>Builds wire events by hand, independently of Lake's decoder.</summary>
internal static class Wire
{
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public const string DefaultTime = "2026-11-20T10:15:00Z";

    /// <summary>Lake's envelope: {"metadata":{id,type,version,occurred_at,producer,aggregate_id},"data":{...}}.</summary>
    public static byte[] Envelope(string type, int version, JsonObject data, string id = "e-1", string occurredAt = DefaultTime,
        string? producer = "test-producer", string? aggregateId = "agg-1") =>
        Bytes(new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["id"] = id,
                ["type"] = type,
                ["version"] = version,
                ["occurred_at"] = occurredAt,
                ["producer"] = producer,
                ["aggregate_id"] = aggregateId,
            },
            ["data"] = data,
        });

    public static byte[] Bytes(JsonNode node) => Encoding.UTF8.GetBytes(node.ToJsonString(Relaxed));

    public static byte[] Text(string json) => Encoding.UTF8.GetBytes(json);

    public static JsonObject Data(params (string Name, JsonNode? Value)[] fields)
    {
        var o = new JsonObject();
        foreach (var (name, value) in fields) o[name] = value;
        return o;
    }
}

/// <summary>Assertions on curated values: same runtime types, equal values, and decimals at their declared scale.</summary>
internal static class Expect
{
    public static void SameValues(object?[] expected, object?[] actual, int decimalScale = 2, string path = "")
    {
        Assert.True(expected.Length == actual.Length, $"{path}: expected {expected.Length} values, got {actual.Length}");
        for (var i = 0; i < expected.Length; i++) Same(expected[i], actual[i], decimalScale, $"{path}[{i}]");
    }

    private static void Same(object? expected, object? actual, int scale, string path)
    {
        if (expected is null)
        {
            Assert.True(actual is null, $"{path}: expected null, got {Show(actual)}");
            return;
        }
        Assert.True(actual is not null, $"{path}: expected {Show(expected)}, got null");
        if (expected is object?[] e)
        {
            var a = Assert.IsType<object?[]>(actual);
            SameValues(e, a, scale, path);
            return;
        }
        Assert.True(expected.GetType() == actual!.GetType(), $"{path}: expected a {expected.GetType().Name} {Show(expected)}, got a {actual.GetType().Name} {Show(actual)}");
        Assert.True(expected.Equals(actual), $"{path}: expected {Show(expected)}, got {Show(actual)}");
        if (actual is decimal d) Assert.True(d.Scale == scale, $"{path}: {d} has scale {d.Scale}, expected the declared scale {scale}");
    }

    private static string Show(object? v) => v switch
    {
        null => "null",
        string s => "\"" + s + "\"",
        object?[] a => "[" + string.Join(", ", a.Select(Show)) + "]",
        _ => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) ?? "",
    };
}

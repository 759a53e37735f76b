using System.Globalization;

namespace Lake.Serve.Jobs;

/// <summary>A job's named string arguments (from <c>--arg name=value</c>, a schedule's <c>args:</c>, or the stored Hangfire job).</summary>
public sealed class JobArgs(IReadOnlyDictionary<string, string> values)
{
    public IReadOnlyDictionary<string, string> Values { get; } = values;

    public string? Get(string name) => Values.TryGetValue(name, out var v) && v.Length > 0 ? v : null;

    public string Require(string name, string example) =>
        Get(name) ?? throw new JobArgumentException($"argument '{name}' is missing; pass e.g. {name}={example}");

    /// <summary>A comma-separated list (a schedule's YAML list arrives this way).</summary>
    public IReadOnlyList<string> List(string name) =>
        Get(name)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];

    /// <summary>
    /// A time: ISO 8601 (UTC unless it says otherwise), or <c>today</c> / <c>yesterday</c> (UTC midnight relative to
    /// <paramref name="now"/>) so that a schedule can name "the previous day" without a date that goes stale.
    /// </summary>
    public DateTime? Time(string name, DateTime now)
    {
        if (Get(name) is not { } text) return null;
        if (text == "today") return now.Date;
        if (text == "yesterday") return now.Date.AddDays(-1);
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)) return t.UtcDateTime;
        throw new JobArgumentException($"argument '{name}' = '{text}' is not a time; write ISO 8601 (2026-11-01T00:00:00Z), today or yesterday");
    }

    /// <summary>A whole number in [<paramref name="min"/>, <paramref name="max"/>], <paramref name="fallback"/> when absent.</summary>
    public long Number(string name, long fallback, long min = 0, long max = long.MaxValue)
    {
        if (Get(name) is not { } text) return fallback;
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max) return n;
        throw new JobArgumentException($"argument '{name}' = '{text}' is not a whole number from {min} to {max}");
    }

    public override string ToString() => string.Join(" ", Values.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => $"{v.Key}={v.Value}"));
}

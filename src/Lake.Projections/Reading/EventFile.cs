using System.Globalization;

namespace Lake.Projections.Reading;

/// <summary>A committed curated data file: its key, event type and dt partition (the UTC day of its events' occurred_at).</summary>
public sealed record EventFile(string Key, string EventType, DateOnly Dt)
{
    /// <summary>Parses <c>events/event_type=&lt;t&gt;/dt=&lt;yyyy-MM-dd&gt;/&lt;file&gt;</c>; null for any other key.</summary>
    public static EventFile? Parse(string key)
    {
        var parts = key.Split('/');
        if (parts.Length != 4 || parts[0] != "events" || !parts[1].StartsWith("event_type=", StringComparison.Ordinal) || !parts[2].StartsWith("dt=", StringComparison.Ordinal)) return null;
        if (!DateOnly.TryParseExact(parts[2]["dt=".Length..], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var dt)) return null;
        return new EventFile(key, parts[1]["event_type=".Length..], dt);
    }
}

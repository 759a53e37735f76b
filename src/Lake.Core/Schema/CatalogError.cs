namespace Lake.Core.Schema;

/// <summary>One problem in a catalog declaration, with where it is and how to fix it.</summary>
public sealed record CatalogError(SourceLocation Location, string? EventType, int? Version, string? Field, string Problem, string Fix)
{
    public override string ToString()
    {
        var where = new List<string>();
        if (EventType is not null) where.Add($"event type '{EventType}'");
        if (Version is not null) where.Add($"version {Version}");
        if (Field is not null) where.Add($"field '{Field}'");
        var loc = Location.ToString();
        var prefix = loc.Length > 0 ? loc + ": " : "";
        var subject = where.Count > 0 ? string.Join(", ", where) + ": " : "";
        return $"{prefix}{subject}{Problem}. Fix: {Fix}";
    }
}

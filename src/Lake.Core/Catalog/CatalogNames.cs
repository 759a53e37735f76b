namespace Lake.Core.Catalog;

/// <summary>The naming rule for event types and fields: they become Parquet columns and lake paths.</summary>
public static class CatalogNames
{
    public static bool IsValid(string name) => CatalogRules.NamePattern().IsMatch(name);
}

namespace Lake.Core.Schema;

/// <summary>Thrown when a catalog cannot be loaded; lists every problem found, not only the first.</summary>
public sealed class CatalogException(IReadOnlyList<CatalogError> errors)
    : Exception($"The event catalog has {errors.Count} error(s):{Environment.NewLine}" + string.Join(Environment.NewLine, errors.Select(e => "  - " + e)))
{
    public IReadOnlyList<CatalogError> Errors { get; } = errors;
}

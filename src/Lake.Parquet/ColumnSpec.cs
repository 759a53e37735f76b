using Lake.Core.Schema;

namespace Lake.Parquet;

/// <summary>
/// One top-level column of a lake table: a catalog type, or raw bytes; required columns are never null. <paramref name="Unique"/> marks
/// values that (almost) never repeat, ids and times, which are written without a dictionary: one would only add its own size.
/// </summary>
public sealed record ColumnSpec(string Name, FieldType? Type, bool Required = false, bool Binary = false, bool Unique = false)
{
    public static ColumnSpec Bytes(string name, bool required = false) => new(name, null, required, Binary: true, Unique: true);
}

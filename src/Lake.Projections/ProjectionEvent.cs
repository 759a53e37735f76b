using Lake.Projections.Reading;

namespace Lake.Projections;

/// <summary>
/// One curated event at its type's latest schema, as a projection sees it: envelope values and fields by name or
/// <c>struct.field</c> path. It is a view into the batch being folded, valid only during <see cref="Projection.Apply"/>.
/// </summary>
public sealed class ProjectionEvent
{
    private EventChunk _chunk = null!;
    private int _row;
    // The string column last asked for by CopyString, for the chunk it was found in: the same column is asked for at every event.
    private EventChunk? _stringChunk;
    private string? _stringPath;
    private StringColumn? _strings;

    internal void MoveTo(EventChunk chunk, int row)
    {
        _chunk = chunk;
        _row = row;
    }

    /// <summary>The curated event type (after renames).</summary>
    public string Type => _chunk.EventType;
    public string EventId => _chunk.EventId.GetString(_row);
    public DateTime OccurredAt => ArrowValues.Timestamp(_chunk.OccurredAt, _row);
    public DateTime RecordedAt => ArrowValues.Timestamp(_chunk.RecordedAt, _row);
    public string Source => _chunk.Source.GetString(_row);
    public int SourcePartition => _chunk.SourcePartition.Values[_row];
    public long SourceOffset => _chunk.SourceOffset.Values[_row];

    /// <summary>
    /// A field (<c>amount</c>), a struct member (<c>owner.name</c>) or an envelope column (<c>occurred_at</c>); null when absent.
    /// Values are string, bool, int, long, double, decimal, DateTime (UTC), DateOnly, or object?[] for structs and lists.
    /// </summary>
    public object? this[string path] => _chunk.Accessor(path)(_row);

    /// <summary>
    /// Decodes the top-level string field <paramref name="path"/> into <paramref name="buffer"/> without making a string: the number of
    /// characters, -1 when the value is null, or -2 when the field is not a string column of this event or does not fit (read it by name then).
    /// </summary>
    internal int CopyString(string path, Span<char> buffer)
    {
        if (!ReferenceEquals(_stringChunk, _chunk) || !ReferenceEquals(_stringPath, path))
        {
            _strings = _chunk.StringColumn(path);
            _stringChunk = _chunk;
            _stringPath = path;
        }
        return _strings is null ? -2 : _strings.Copy(_row, buffer);
    }

    /// <summary>The value at a path whose id is <paramref name="id"/> (<see cref="EventPaths.Id"/>): what declarative rules read.</summary>
    internal object? Read(int id, string path) => _chunk.Accessor(id, path)(_row);

    internal long OccurredTicks => _chunk.OccurredTicks(_row);

    public string? GetString(string path) => this[path] as string;
    public decimal? GetDecimal(string path) => this[path] is { } v ? Convert.ToDecimal(v, System.Globalization.CultureInfo.InvariantCulture) : null;
    public long? GetInt64(string path) => this[path] is { } v ? Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture) : null;
    public bool? GetBool(string path) => this[path] as bool?;
}

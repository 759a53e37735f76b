namespace Lake.Projections;

/// <summary>One key's row in a <see cref="ProjectionState"/>: read and write its columns by name.</summary>
public readonly struct ProjectionRow
{
    private readonly ProjectionState _state;

    internal ProjectionRow(ProjectionState state, string key, object?[] values)
    {
        _state = state;
        Key = key;
        Values = values;
    }

    public string Key { get; }

    /// <summary>Column values in <see cref="Projection.Columns"/> order (the key is not among them).</summary>
    internal object?[] Values { get; }

    public object? this[string column]
    {
        get => Values[_state.ColumnIndex(column)];
        set => Values[_state.ColumnIndex(column)] = value;
    }

    /// <summary>An Int64 column's value, 0 when null (counters).</summary>
    public long Int64(string column) => this[column] is { } v ? Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture) : 0;

    /// <summary>A decimal column's value, 0 when null (sums).</summary>
    public decimal Decimal(string column) => this[column] is { } v ? Convert.ToDecimal(v, System.Globalization.CultureInfo.InvariantCulture) : 0m;
}

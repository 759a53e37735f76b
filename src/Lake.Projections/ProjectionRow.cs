namespace Lake.Projections;

/// <summary>One key's row in a <see cref="ProjectionState"/>: read and write its columns by name.</summary>
public readonly struct ProjectionRow
{
    private readonly ProjectionState _state;
    private readonly RowRef _row;

    internal ProjectionRow(ProjectionState state, string key, RowRef row)
    {
        _state = state;
        Key = key;
        _row = row;
    }

    public string Key { get; }

    /// <summary>A column's value (null when not set yet); values set are converted to the column's type.</summary>
    public object? this[string column]
    {
        get => _row.Get(_state.ColumnIndex(column));
        set
        {
            var c = _state.ColumnIndex(column);
            var type = _state.Projection.Columns[c].Type;
            object? typed;
            try
            {
                typed = ColumnValues.Coerce(value, type);
            }
            catch (Exception e) when (e is FormatException or InvalidCastException or OverflowException)
            {
                throw new ProjectionException($"projection '{_state.Projection.Name}', key '{Key}': column '{column}' is {type}, and {value} ({value!.GetType().Name}) is not one: {e.Message}");
            }
            _row.Set(c, typed);
        }
    }

    /// <summary>An Int64 column's value, 0 when null (counters).</summary>
    public long Int64(string column) => _row.Int64(_state.ColumnIndex(column));

    /// <summary>A decimal column's value, 0 when null (sums).</summary>
    public decimal Decimal(string column) => _row.Decimal(_state.ColumnIndex(column));
}

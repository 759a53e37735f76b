using Lake.Core.Schema;

namespace Lake.Projections.Declarative;

/// <summary>The operations a declarative rule applies to a column.</summary>
internal enum FoldOperationKind
{
    Set,
    Add,
    Subtract,
    Increment,
    Min,
    Max,
}

/// <summary>One operation of a rule: what it does, to which column, with which value.</summary>
internal sealed record FoldOperation(FoldOperationKind Kind, int Column, FieldType Type, ValueSource? Value)
{
    public void Apply(ProjectionEvent e, RowRef row)
    {
        switch (Kind)
        {
            case FoldOperationKind.Set when Type.Kind == FieldKind.Timestamp && Value!.IsOccurredAt:
                // Most projections keep the time of the last event (last_event_at, updated_at): no boxed DateTime per event.
                row.SetTicks(Column, e.OccurredTicks);
                break;
            case FoldOperationKind.Set:
                row.Set(Column, ColumnValues.Coerce(Value!.Read(e), Type));
                break;
            case FoldOperationKind.Add:
                row.Add(Column, Value!.Read(e), 1);
                break;
            case FoldOperationKind.Subtract:
                row.Add(Column, Value!.Read(e), -1);
                break;
            case FoldOperationKind.Increment:
                row.Increment(Column);
                break;
            case FoldOperationKind.Min or FoldOperationKind.Max:
                if (ColumnValues.Coerce(Value!.Read(e), Type) is not { } v) break;
                if (row.Get(Column) is not { } current) { row.Set(Column, v); break; }
                var c = ColumnValues.Compare(v, current);
                if (Kind == FoldOperationKind.Min ? c < 0 : c > 0) row.Set(Column, v);
                break;
        }
    }
}

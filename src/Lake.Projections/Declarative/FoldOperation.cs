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
    private static readonly object One = 1L;

    public void Apply(ProjectionEvent e, object?[] row)
    {
        switch (Kind)
        {
            case FoldOperationKind.Set:
                row[Column] = ColumnValues.Coerce(Value!.Read(e), Type);
                break;
            case FoldOperationKind.Add:
                row[Column] = ColumnValues.Add(row[Column], Value!.Read(e), Type, 1);
                break;
            case FoldOperationKind.Subtract:
                row[Column] = ColumnValues.Add(row[Column], Value!.Read(e), Type, -1);
                break;
            case FoldOperationKind.Increment:
                row[Column] = ColumnValues.Add(row[Column], One, Type, 1);
                break;
            case FoldOperationKind.Min or FoldOperationKind.Max:
                if (ColumnValues.Coerce(Value!.Read(e), Type) is not { } v) break;
                if (row[Column] is not { } current) { row[Column] = v; break; }
                var c = ColumnValues.Compare(v, current);
                if (Kind == FoldOperationKind.Min ? c < 0 : c > 0) row[Column] = v;
                break;
        }
    }
}

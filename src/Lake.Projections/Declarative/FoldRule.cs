namespace Lake.Projections.Declarative;

/// <summary>Operations applied in order to the key's row when every condition holds.</summary>
internal sealed record FoldRule(IReadOnlyList<FoldCondition> When, IReadOnlyList<FoldOperation> Operations)
{
    public void Apply(ProjectionEvent e, object?[] row)
    {
        foreach (var c in When) if (!c.Holds(e, row)) return;
        foreach (var op in Operations) op.Apply(e, row);
    }
}

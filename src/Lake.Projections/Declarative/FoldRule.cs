namespace Lake.Projections.Declarative;

/// <summary>Operations applied in order to the key's row when every condition holds.</summary>
internal sealed record FoldRule(FoldCondition[] When, FoldOperation[] Operations)
{
    // Plain loops over arrays: this runs once per event and rule, and foreach over an interface allocates an enumerator.
    public void Apply(ProjectionEvent e, RowRef row)
    {
        for (var i = 0; i < When.Length; i++) if (!When[i].Holds(e, row)) return;
        for (var i = 0; i < Operations.Length; i++) Operations[i].Apply(e, row);
    }
}

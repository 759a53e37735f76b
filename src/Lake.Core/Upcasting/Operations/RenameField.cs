using Lake.Core.Data;

namespace Lake.Core.Upcasting.Operations;

/// <summary>Renames a field in place (within the same struct).</summary>
public sealed class RenameField(FieldPath from, string to) : UpcastOperation, IParentVisitor
{
    public FieldPath From { get; } = from;
    public string To { get; } = to;

    public override string Kind => "rename";
    public override string Describe() => $"rename {From} -> {To}";

    public override UpcastError? Apply(DataObject data, UpcastStep step) => From.ForEachParent(data, this, step);

    UpcastError? IParentVisitor.Visit(DataObject parent, UpcastStep step)
    {
        var i = parent.IndexOf(From.Leaf);
        if (i < 0) return null;
        if (parent.Contains(To))
        {
            return new UpcastError(QuarantineReason.UpcasterFailed, $"{step}: cannot rename '{From}' to '{To}': the event already has a field '{To}'");
        }
        parent.Rename(i, To);
        return null;
    }

    internal override void Check(OperationCheck check)
    {
        if (check.Resolve(From) is null) return;
        if (From.Segments.Count == 1)
        {
            check.TopLevel.Remove(From.Leaf);
            check.TopLevel.Add(To);
        }
    }
}

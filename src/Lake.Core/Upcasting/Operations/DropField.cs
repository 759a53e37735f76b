using Lake.Core.Data;

namespace Lake.Core.Upcasting.Operations;

/// <summary>Removes a field the next version no longer has (the raw zone still keeps it).</summary>
public sealed class DropField(FieldPath field) : UpcastOperation, IParentVisitor
{
    public FieldPath Field { get; } = field;

    public override string Kind => "drop";
    public override string Describe() => $"drop {Field}";

    public override UpcastError? Apply(DataObject data, UpcastStep step) => Field.ForEachParent(data, this, step);

    UpcastError? IParentVisitor.Visit(DataObject parent, UpcastStep step)
    {
        parent.Remove(Field.Leaf);
        return null;
    }

    internal override void Check(OperationCheck check)
    {
        if (check.Resolve(Field) is null) return;
        if (Field.Segments.Count == 1) check.TopLevel.Remove(Field.Leaf);
    }
}

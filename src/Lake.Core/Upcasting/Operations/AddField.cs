using Lake.Core.Data;
using Lake.Core.Validation;

namespace Lake.Core.Upcasting.Operations;

/// <summary>Adds a field that older producers did not send: the explicit value, else the next version's declared default.</summary>
public sealed class AddField(FieldPath field) : UpcastOperation, IParentVisitor
{
    public FieldPath Field { get; } = field;
    public bool HasValue { get; init; }
    /// <summary>The explicit value; without one the next version's default is used (resolved when the catalog is built).</summary>
    public object? Value { get; init; }
    private object? _resolved;
    private object? Effective => HasValue ? Value : _resolved;

    /// <summary>The value the step adds: the explicit one, else the next version's default.</summary>
    internal object? EffectiveValue => Effective;

    public override string Kind => "add";
    public override string Describe() => $"add {Field} = {(Effective is null ? "null" : ValueConverter.FormatKey(Effective))}";

    public override UpcastError? Apply(DataObject data, UpcastStep step) => Field.ForEachParent(data, this, step);

    UpcastError? IParentVisitor.Visit(DataObject parent, UpcastStep step)
    {
        // A producer that already sends the field knows better than the default.
        // A struct or list value is the catalog's own: each event gets a copy, or a later step would change it for all.
        if (!parent.Contains(Field.Leaf)) parent.Set(Field.Leaf, DataObject.CloneValue(Effective));
        return null;
    }

    internal override void Check(OperationCheck check)
    {
        if (Field.Segments.Count == 1)
        {
            if (!check.Next.TryGet(Field.Leaf, out var target))
            {
                check.Error(Field.Text, $"the next version declares no field '{Field.Leaf}'", "declare the field in the version's fields, or remove the step");
                return;
            }
            check.TopLevel.Add(Field.Leaf);
            if (!HasValue) _resolved = target.Default;
        }
    }
}

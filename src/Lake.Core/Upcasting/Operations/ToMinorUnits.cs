using Lake.Core.Data;
using Lake.Core.Validation;

namespace Lake.Core.Upcasting.Operations;

/// <summary>Turns an amount in major units (12.345) into int64 minor units (1235 at scale 2), rounding half away from zero.</summary>
public sealed class ToMinorUnits(FieldPath field, string? into, int scale) : UpcastOperation, IParentVisitor
{
    public FieldPath Field { get; } = field;
    public string? Into { get; } = into;
    public int Scale { get; } = scale;

    public override string Kind => "to_minor_units";
    public override string Describe() => $"{Field} x 10^{Scale} rounded half away from zero into {Into ?? Field.Leaf} (int64)";

    public override UpcastError? Apply(DataObject data, UpcastStep step) => Field.ForEachParent(data, this, step);

    UpcastError? IParentVisitor.Visit(DataObject parent, UpcastStep step)
    {
        if (!parent.Remove(Field.Leaf, out var value)) return null;
        var target = Into ?? Field.Leaf;
        if (value is null) { parent.Set(target, null); return null; }
        if (!ValueConverter.TryGetDecimal(value, out var d))
        {
            return new UpcastError(QuarantineReason.TypeMismatch, $"{step}: field '{Field}' is {JsonValues.Describe(value)}, expected an amount");
        }
        try
        {
            var minor = decimal.Round(d * ValueConverter.Pow10(Scale), 0, MidpointRounding.AwayFromZero);
            if (minor < long.MinValue || minor > long.MaxValue) throw new OverflowException();
            parent.Set(target, (long)minor);
            return null;
        }
        catch (OverflowException)
        {
            return new UpcastError(QuarantineReason.TypeMismatch, $"{step}: field '{Field}' amount {JsonValues.Describe(value)} does not fit int64 minor units");
        }
    }

    internal override void Check(OperationCheck check)
    {
        if (check.Resolve(Field) is null) return;
        if (Field.Segments.Count == 1)
        {
            check.TopLevel.Remove(Field.Leaf);
            check.TopLevel.Add(Into ?? Field.Leaf);
        }
    }
}

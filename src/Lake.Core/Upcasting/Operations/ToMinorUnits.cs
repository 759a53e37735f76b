using Lake.Core.Data;
using Lake.Core.Validation;

namespace Lake.Core.Upcasting.Operations;

/// <summary>Turns an amount in major units (12.345) into int64 minor units (1235 at scale 2), rounding half away from zero.</summary>
public sealed class ToMinorUnits(FieldPath field, string? into, int scale) : UpcastOperation, IParentVisitor, IValueStep
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
        if (value is PlannedValue planned) { parent.Set(target, planned.Then(this)); return null; }
        return TryMinor(value, out var minor) switch
        {
            MinorResult.Ok => Set(parent, target, minor),
            MinorResult.NotAnAmount => new UpcastError(QuarantineReason.TypeMismatch, $"{step}: field '{Field}' is {JsonValues.Describe(value)}, expected an amount"),
            _ => new UpcastError(QuarantineReason.TypeMismatch, $"{step}: field '{Field}' amount {JsonValues.Describe(value)} does not fit int64 minor units"),
        };
    }

    private static UpcastError? Set(DataObject parent, string target, long minor)
    {
        parent.Set(target, minor);
        return null;
    }

    private enum MinorResult { Ok, NotAnAmount, Overflow }

    private MinorResult TryMinor(object value, out long result)
    {
        result = 0;
        if (!ValueConverter.TryGetDecimal(value, out var d)) return MinorResult.NotAnAmount;
        try
        {
            var minor = decimal.Round(d * ValueConverter.Pow10(Scale), 0, MidpointRounding.AwayFromZero);
            if (minor < long.MinValue || minor > long.MaxValue) return MinorResult.Overflow;
            result = (long)minor;
            return MinorResult.Ok;
        }
        catch (OverflowException)
        {
            return MinorResult.Overflow;
        }
    }

    bool IValueStep.TryApply(object value, out object? result)
    {
        var ok = TryMinor(value, out var minor) == MinorResult.Ok;
        result = ok ? minor : null;
        return ok;
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

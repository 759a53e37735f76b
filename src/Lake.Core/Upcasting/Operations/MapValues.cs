using Lake.Core.Data;
using Lake.Core.Validation;

namespace Lake.Core.Upcasting.Operations;

/// <summary>Maps coded values to new ones (<c>"A"</c> to <c>active</c>); a value without a mapping quarantines the event unless a fallback is declared.</summary>
public sealed class MapValues(FieldPath field, string? into, IReadOnlyDictionary<string, object?> values) : UpcastOperation, IParentVisitor, IValueStep
{
    public FieldPath Field { get; } = field;
    public string? Into { get; } = into;
    public IReadOnlyDictionary<string, object?> Values { get; } = values;
    public bool HasFallback { get; init; }
    public object? Fallback { get; init; }

    public override string Kind => "map";
    public override string Describe() =>
        $"map {Field}{(Into is null ? "" : " into " + Into)}: {string.Join(", ", Values.Select(kv => $"{kv.Key} -> {ValueConverter.FormatKey(kv.Value)}"))}"
        + (HasFallback ? $", otherwise {ValueConverter.FormatKey(Fallback)}" : "");

    public override UpcastError? Apply(DataObject data, UpcastStep step) => Field.ForEachParent(data, this, step);

    UpcastError? IParentVisitor.Visit(DataObject parent, UpcastStep step)
    {
        if (!parent.Remove(Field.Leaf, out var value)) return null;
        var target = Into ?? Field.Leaf;
        if (value is null) { parent.Set(target, null); return null; }
        if (value is PlannedValue planned) { parent.Set(target, planned.Then(this)); return null; }
        if (value is DataObject or List<object?>)
        {
            return new UpcastError(QuarantineReason.TypeMismatch, $"{step}: field '{Field}' is {JsonValues.Describe(value)}, expected a value to map");
        }
        var key = ValueConverter.FormatKey(value);
        if (Values.TryGetValue(key, out var mapped)) { parent.Set(target, mapped); return null; }
        if (HasFallback) { parent.Set(target, Fallback); return null; }
        return new UpcastError(QuarantineReason.UnmappedValue,
            $"{step}: field '{Field}' value \"{JsonValues.Truncate(key)}\" has no mapping (mapped: {string.Join(", ", Values.Keys)})");
    }

    bool IValueStep.TryApply(object value, out object? result)
    {
        result = null;
        if (value is DataObject or List<object?>) return false;
        if (Values.TryGetValue(ValueConverter.FormatKey(value), out result)) return true;
        result = Fallback;
        return HasFallback;
    }

    internal override void Check(OperationCheck check)
    {
        if (check.Resolve(Field) is null) return;
        if (Field.Segments.Count == 1 && Into is not null)
        {
            check.TopLevel.Remove(Field.Leaf);
            check.TopLevel.Add(Into);
        }
    }
}

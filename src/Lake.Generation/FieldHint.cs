using Lake.Core.Data;

namespace Lake.Generation;

/// <summary>
/// A field's value hint from the generator settings, read once per field: which rule makes its values (choices, a reference to
/// another aggregate, a copy of an earlier event's field, a sum over a list) and the bounds for values made by type. Looking
/// the hint's keys up again for every value was a fifth of the generating threads' time. One per generating thread.
/// </summary>
internal sealed class FieldHint
{
    public IReadOnlyList<object?>? Choices { get; private init; }
    /// <summary>The aggregate kind whose ids a reference draws from.</summary>
    public string? Reference { get; private init; }
    /// <summary>"type.field" of an earlier event's field whose value is copied.</summary>
    public string? CopySource { get; private init; }
    /// <summary>minor_units: a copied decimal becomes an integer in these minor units.</summary>
    public decimal? MinorUnits { get; private init; }
    public string? SumList { get; private init; }
    public string? SumQuantity { get; private init; }
    public string? SumPrice { get; private init; }
    public (decimal Lo, decimal Hi)? Count { get; private init; }
    public (decimal Lo, decimal Hi)? Int { get; private init; }
    public (decimal Lo, decimal Hi)? Decimal { get; private init; }
    /// <summary>A "decimal" key is present (a string field then holds a decimal's text), whatever its value.</summary>
    public bool HasDecimalKey { get; private init; }

    /// <summary>The hint as the settings give it (a list of choices or a mapping), or null when there is none.</summary>
    public static FieldHint? Read(object? raw)
    {
        switch (raw)
        {
            case null:
                return null;
            case List<object?> { Count: > 0 } choices:
                return new FieldHint { Choices = choices };
            case DataObject h when h["ref"] is string aggregate:
                return new FieldHint { Reference = aggregate };
            case DataObject h when h["copy"] is string source:
                return new FieldHint { CopySource = source, MinorUnits = h["minor_units"] as decimal? };
            case DataObject h when h["sum"] is string list && h["quantity"] is string q && h["price"] is string p:
                return new FieldHint { SumList = list, SumQuantity = q, SumPrice = p };
            case DataObject h:
                return new FieldHint { Count = Range(h, "count"), Int = Range(h, "int"), Decimal = Range(h, "decimal"), HasDecimalKey = h["decimal"] is not null };
            default:
                // A scalar or an empty list: values are made by type, with the default bounds.
                return new FieldHint();
        }
    }

    // Split and computed at first use, as values are made: a hint they cannot serve fails only where it is used, as before.
    private string? _copyType;
    private string? _copyField;
    private decimal? _minorUnitsFactor;

    /// <summary>The event type and field of <see cref="CopySource"/>.</summary>
    public (string Type, string Field) CopyFrom()
    {
        if (_copyType is null)
        {
            var dot = CopySource!.IndexOf('.');
            _copyField = CopySource[(dot + 1)..];
            _copyType = CopySource[..dot];
        }
        return (_copyType, _copyField!);
    }

    /// <summary>10^<see cref="MinorUnits"/>.</summary>
    public decimal MinorUnitsFactor() => _minorUnitsFactor ??= (decimal)Math.Pow(10, (double)MinorUnits!.Value);

    private static (decimal, decimal)? Range(DataObject hint, string key) =>
        hint[key] is List<object?> { Count: 2 } r && r[0] is decimal a && r[1] is decimal b ? (a, b) : null;
}

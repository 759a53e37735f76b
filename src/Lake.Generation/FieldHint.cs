using Lake.Core.Data;

namespace Lake.Generation;

/// <summary>
/// A field's value hint from the generator settings, read once per field: which rule makes its values (choices, a reference to
/// another aggregate, a copy of an earlier event's field, a sum over a list) and the bounds for values made by type. Looking
/// the hint's keys up again for every value was a fifth of the generating threads' time.
/// </summary>
internal sealed class FieldHint
{
    public IReadOnlyList<object?>? Choices { get; private init; }
    /// <summary>The aggregate kind whose ids a reference draws from.</summary>
    public string? Reference { get; private init; }
    public string? CopyType { get; private init; }
    public string? CopyField { get; private init; }
    /// <summary>10^minor_units, when a copied decimal becomes an integer in minor units.</summary>
    public decimal? MinorUnitsFactor { get; private init; }
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
                var dot = source.IndexOf('.');
                return new FieldHint
                {
                    CopyType = source[..dot],
                    CopyField = source[(dot + 1)..],
                    MinorUnitsFactor = h["minor_units"] is decimal mu ? (decimal)Math.Pow(10, (double)mu) : null,
                };
            case DataObject h when h["sum"] is string list && h["quantity"] is string q && h["price"] is string p:
                return new FieldHint { SumList = list, SumQuantity = q, SumPrice = p };
            case DataObject h:
                return new FieldHint { Count = Range(h, "count"), Int = Range(h, "int"), Decimal = Range(h, "decimal"), HasDecimalKey = h["decimal"] is not null };
            default:
                // A scalar or an empty list: values are made by type, with the default bounds.
                return new FieldHint();
        }
    }

    private static (decimal, decimal)? Range(DataObject hint, string key) =>
        hint[key] is List<object?> { Count: 2 } r && r[0] is decimal a && r[1] is decimal b ? (a, b) : null;
}

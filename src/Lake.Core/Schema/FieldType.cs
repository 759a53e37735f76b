namespace Lake.Core.Schema;

/// <summary>A field's logical type: a primitive, an enum, a struct of named fields, or a list of one element type.</summary>
public sealed class FieldType
{
    /// <summary>.NET's decimal holds 28 significant digits; wider Parquet decimals would not round-trip.</summary>
    public const int MaxDecimalPrecision = 28;

    private FieldType(FieldKind kind) => Kind = kind;

    public FieldKind Kind { get; }
    public int Precision { get; private init; }
    public int Scale { get; private init; }
    public IReadOnlyList<string> EnumValues { get; private init; } = [];
    public FieldSet? StructFields { get; private init; }
    public FieldType? Element { get; private init; }

    public static readonly FieldType String = new(FieldKind.String);
    public static readonly FieldType Bool = new(FieldKind.Bool);
    public static readonly FieldType Int32 = new(FieldKind.Int32);
    public static readonly FieldType Int64 = new(FieldKind.Int64);
    public static readonly FieldType Double = new(FieldKind.Double);
    public static readonly FieldType Timestamp = new(FieldKind.Timestamp);
    public static readonly FieldType Date = new(FieldKind.Date);

    public static FieldType Decimal(int precision, int scale) => new(FieldKind.Decimal) { Precision = precision, Scale = scale };
    public static FieldType Enum(IReadOnlyList<string> values) => new(FieldKind.Enum) { EnumValues = values };
    public static FieldType Struct(FieldSet fields) => new(FieldKind.Struct) { StructFields = fields };
    public static FieldType List(FieldType element) => new(FieldKind.List) { Element = element };

    public bool IsPrimitive => Kind is not (FieldKind.Struct or FieldKind.List);

    public override string ToString() => Kind switch
    {
        FieldKind.Decimal => $"decimal({Precision},{Scale})",
        FieldKind.Enum => $"enum({string.Join('|', EnumValues)})",
        FieldKind.Struct => "struct",
        FieldKind.List => $"list<{Element}>",
        _ => Kind.ToString().ToLowerInvariant(),
    };

    /// <summary>Structural equality, used to compare catalog versions.</summary>
    public bool SameAs(FieldType other)
    {
        if (Kind != other.Kind) return false;
        return Kind switch
        {
            FieldKind.Decimal => Precision == other.Precision && Scale == other.Scale,
            FieldKind.Enum => EnumValues.SequenceEqual(other.EnumValues),
            FieldKind.List => Element!.SameAs(other.Element!),
            FieldKind.Struct => StructFields!.Count == other.StructFields!.Count
                && StructFields.Fields.All(f => other.StructFields.TryGet(f.Name, out var o) && f.Type.SameAs(o.Type) && f.Required == o.Required),
            _ => true,
        };
    }
}

namespace Lake.Core.Schema;

/// <summary>The logical types a catalog field can declare.</summary>
public enum FieldKind
{
    String,
    Bool,
    Int32,
    Int64,
    Double,
    Decimal,
    Timestamp,
    Date,
    Enum,
    Struct,
    List,
}

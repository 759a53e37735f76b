using Lake.Core.Schema;
using Parquet.Schema;

namespace Lake.Parquet;

/// <summary>A node of a table's Parquet schema: a primitive leaf, a struct, or a list, with the levels Parquet.Net computed for it.</summary>
internal sealed class ColumnNode
{
    public required Field Field { get; init; }
    public required FieldKind? Kind { get; init; }
    public bool Binary { get; init; }
    /// <summary>For structs: the children in the order of the row's nested object?[]; for lists: the single element node.</summary>
    public IReadOnlyList<ColumnNode> Children { get; init; } = [];
    public bool IsStruct => Kind == FieldKind.Struct;
    public bool IsList => Kind == FieldKind.List;
    public bool IsLeaf => !IsStruct && !IsList;
    public int MaxDefinition => Field.MaxDefinitionLevel;
    public int MaxRepetition => Field.MaxRepetitionLevel;

    public static (Field Field, Func<ColumnNode> Node) Build(string name, FieldType? type, bool required, bool binary)
    {
        if (binary) return Leaf(new DataField(name, typeof(byte[]), isNullable: !required), null, binary: true);
        switch (type!.Kind)
        {
            case FieldKind.Struct:
            {
                var children = type.StructFields!.Fields.Select(f => Build(f.Name, f.Type, required: false, binary: false)).ToList();
                var field = new StructField(name, children.Select(c => c.Field).ToArray());
                return (field, () => new ColumnNode { Field = field, Kind = FieldKind.Struct, Children = children.Select(c => c.Node()).ToList() });
            }
            case FieldKind.List:
            {
                var element = Build("element", type.Element!, required: false, binary: false);
                var field = new ListField(name, element.Field);
                return (field, () => new ColumnNode { Field = field, Kind = FieldKind.List, Children = [element.Node()] });
            }
            case FieldKind.String or FieldKind.Enum: return Leaf(new DataField(name, typeof(string), isNullable: !required), type.Kind);
            case FieldKind.Bool: return Leaf(new DataField(name, typeof(bool), isNullable: !required), type.Kind);
            case FieldKind.Int32: return Leaf(new DataField(name, typeof(int), isNullable: !required), type.Kind);
            case FieldKind.Int64: return Leaf(new DataField(name, typeof(long), isNullable: !required), type.Kind);
            case FieldKind.Double: return Leaf(new DataField(name, typeof(double), isNullable: !required), type.Kind);
            case FieldKind.Decimal: return Leaf(new DecimalDataField(name, type.Precision, type.Scale, isNullable: !required), type.Kind);
            // Microseconds, adjusted to UTC: what Spark, Athena and DuckDB all read as a UTC timestamp (never NANOS, never INT96).
            case FieldKind.Timestamp: return Leaf(new DateTimeDataField(name, DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Micros, isNullable: !required), type.Kind);
            case FieldKind.Date: return Leaf(new DateTimeDataField(name, DateTimeFormat.Date, isNullable: !required), type.Kind);
            default: throw new ArgumentOutOfRangeException(nameof(type), type.Kind, "no Parquet mapping");
        }
    }

    private static (Field, Func<ColumnNode>) Leaf(DataField field, FieldKind? kind, bool binary = false) =>
        (field, () => new ColumnNode { Field = field, Kind = kind, Binary = binary });
}

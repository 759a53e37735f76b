using Lake.Core.Schema;
using ParquetSharp;
using ParquetSharp.Schema;

namespace Lake.Parquet;

/// <summary>A node of a table's Parquet schema: a primitive leaf, a struct, or a list, with its Dremel levels.</summary>
internal sealed class ColumnNode
{
    public required string Name { get; init; }
    /// <summary>Dotted path from the table's root, for messages.</summary>
    public required string Path { get; init; }
    /// <summary>The catalog kind; null for raw bytes.</summary>
    public required FieldKind? Kind { get; init; }
    public FieldType? Type { get; init; }
    public bool Binary { get; init; }
    public bool Required { get; init; }
    /// <summary>For structs: the children in the order of the row's nested object?[]; for lists: the single element node.</summary>
    public IReadOnlyList<ColumnNode> Children { get; init; } = [];
    public bool IsStruct => Kind == FieldKind.Struct;
    public bool IsList => Kind == FieldKind.List;
    public bool IsLeaf => !IsStruct && !IsList;
    /// <summary>The definition level of a value present at this node (for a list: of an element slot, one below the element itself).</summary>
    public int MaxDefinition { get; init; }
    public int MaxRepetition { get; init; }

    /// <summary>
    /// Only top-level primitive columns can be required; structs, lists and everything inside them are optional, as in the files Lake
    /// has always written. Lists have the standard three levels: an optional LIST group, a repeated group "list", an optional "element".
    /// </summary>
    public static ColumnNode Build(string name, FieldType? type, bool required, bool binary, string? parent = null, int definition = 0, int repetition = 0)
    {
        var path = parent is null ? name : $"{parent}.{name}";
        if (binary) return new() { Name = name, Path = path, Kind = null, Binary = true, Required = required, MaxDefinition = definition + (required ? 0 : 1), MaxRepetition = repetition };
        switch (type!.Kind)
        {
            case FieldKind.Struct:
            {
                var own = definition + 1;
                return new()
                {
                    Name = name, Path = path, Kind = FieldKind.Struct, Type = type, MaxDefinition = own, MaxRepetition = repetition,
                    Children = type.StructFields!.Fields.Select(f => Build(f.Name, f.Type, required: false, binary: false, path, own, repetition)).ToList(),
                };
            }
            case FieldKind.List:
            {
                var slot = definition + 2;
                return new()
                {
                    Name = name, Path = path, Kind = FieldKind.List, Type = type, MaxDefinition = slot, MaxRepetition = repetition + 1,
                    Children = [Build("element", type.Element!, required: false, binary: false, path, slot, repetition + 1)],
                };
            }
            default:
                return new() { Name = name, Path = path, Kind = type.Kind, Type = type, Required = required, MaxDefinition = definition + (required ? 0 : 1), MaxRepetition = repetition };
        }
    }

    /// <summary>The ParquetSharp schema node: the physical and logical types Athena, Spark and DuckDB read as the catalog's types.</summary>
    public Node ToParquet()
    {
        var repetition = Required ? Repetition.Required : Repetition.Optional;
        if (Binary) return new PrimitiveNode(Name, repetition, LogicalType.None(), PhysicalType.ByteArray);
        return Kind switch
        {
            FieldKind.Struct => new GroupNode(Name, Repetition.Optional, Children.Select(c => c.ToParquet()).ToArray()),
            FieldKind.List => new GroupNode(Name, Repetition.Optional, [new GroupNode("list", Repetition.Repeated, [Children[0].ToParquet()])], LogicalType.List()),
            FieldKind.String or FieldKind.Enum => new PrimitiveNode(Name, repetition, LogicalType.String(), PhysicalType.ByteArray),
            FieldKind.Bool => new PrimitiveNode(Name, repetition, LogicalType.None(), PhysicalType.Boolean),
            FieldKind.Int32 => new PrimitiveNode(Name, repetition, LogicalType.None(), PhysicalType.Int32),
            FieldKind.Int64 => new PrimitiveNode(Name, repetition, LogicalType.None(), PhysicalType.Int64),
            FieldKind.Double => new PrimitiveNode(Name, repetition, LogicalType.None(), PhysicalType.Double),
            FieldKind.Decimal => new PrimitiveNode(Name, repetition, LogicalType.Decimal(Type!.Precision, Type.Scale), PhysicalType.FixedLenByteArray, DecimalCodec.Length(Type.Precision)),
            // Microseconds, adjusted to UTC: what Spark, Athena and DuckDB all read as a UTC timestamp (never NANOS, never INT96).
            FieldKind.Timestamp => new PrimitiveNode(Name, repetition, LogicalType.Timestamp(isAdjustedToUtc: true, TimeUnit.Micros), PhysicalType.Int64),
            FieldKind.Date => new PrimitiveNode(Name, repetition, LogicalType.Date(), PhysicalType.Int32),
            _ => throw new ArgumentOutOfRangeException(nameof(Kind), Kind, $"column '{Path}' has no Parquet mapping"),
        };
    }
}

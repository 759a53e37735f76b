using System.Globalization;
using Lake.Projections.Reading;

namespace Lake.Projections.Declarative;

/// <summary>The tests a rule's <c>when:</c> can make.</summary>
internal enum ConditionKind
{
    EqualTo,
    NotEqualTo,
    In,
    IsNull,
    IsNotNull,
}

/// <summary>A test on an event path or on a column of the key's current row; a rule applies when all its conditions hold.</summary>
internal sealed record FoldCondition(ConditionKind Kind, string? Path, int? Column, IReadOnlyList<object?> Values)
{
    private readonly int _id = Path is null ? -1 : EventPaths.Id(Path);

    public bool Holds(ProjectionEvent e, RowRef row)
    {
        var actual = Path is not null ? e.Read(_id, Path) : row.Get(Column!.Value);
        return Kind switch
        {
            ConditionKind.IsNull => actual is null,
            ConditionKind.IsNotNull => actual is not null,
            ConditionKind.EqualTo => Same(actual, Values[0]),
            ConditionKind.NotEqualTo => !Same(actual, Values[0]),
            _ => Values.Any(v => Same(actual, v)),
        };
    }

    /// <summary>Compares an event or column value with a YAML constant: numbers by value, everything else by its text.</summary>
    private static bool Same(object? actual, object? constant)
    {
        if (actual is null || constant is null) return actual is null && constant is null;
        var c = CultureInfo.InvariantCulture;
        return actual switch
        {
            int or long or decimal or double when constant is decimal or int or long or double => Convert.ToDecimal(actual, c) == Convert.ToDecimal(constant, c),
            bool b => constant is bool cb ? b == cb : string.Equals(b ? "true" : "false", constant.ToString(), StringComparison.Ordinal),
            DateTime d => ColumnValues.Coerce(constant, Lake.Core.Schema.FieldType.Timestamp) is DateTime cd && cd == d,
            _ => string.Equals(Convert.ToString(actual, c), Convert.ToString(constant, c), StringComparison.Ordinal),
        };
    }
}

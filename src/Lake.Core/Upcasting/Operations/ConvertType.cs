using System.Globalization;
using Lake.Core.Data;
using Lake.Core.Schema;
using Lake.Core.Validation;

namespace Lake.Core.Upcasting.Operations;

/// <summary>
/// Converts a field to another primitive type: a decimal string to decimal, a string to timestamp (ISO 8601 or an explicit
/// format, read as UTC), a number of epoch seconds/milliseconds to timestamp, and so on. A value that does not convert is a
/// <c>type_mismatch</c>.
/// </summary>
public sealed class ConvertType(FieldPath field, FieldType to) : UpcastOperation, IParentVisitor, IValueStep
{
    public FieldPath Field { get; } = field;
    public FieldType To { get; } = to;
    /// <summary>A .NET custom date format for string timestamps that are not ISO 8601 (read as UTC).</summary>
    public string? Format { get; init; }
    /// <summary>For numbers converted to timestamps: <c>s</c>, <c>ms</c> or <c>us</c> since the Unix epoch.</summary>
    public string? EpochUnit { get; init; }

    public override string Kind => "convert";
    public override string Describe() => $"convert {Field} to {To}" + (Format is null ? "" : $" (format {Format})") + (EpochUnit is null ? "" : $" (epoch {EpochUnit})");

    public override UpcastError? Apply(DataObject data, UpcastStep step) => Field.ForEachParent(data, this, step);

    UpcastError? IParentVisitor.Visit(DataObject parent, UpcastStep step)
    {
        var i = parent.IndexOf(Field.Leaf);
        if (i < 0) return null;
        var value = parent.ValueAt(i);
        if (value is null) return null;
        if (Field.LeafIsEachElement)
        {
            if (value is not List<object?> list) return Mismatch(step, value, "expected a list");
            for (var k = 0; k < list.Count; k++)
            {
                if (list[k] is null) continue;
                if (list[k] is PlannedValue item) { list[k] = item.Then(this); continue; }
                if (!TryConvert(list[k]!, out var c, out var p)) return Mismatch(step, list[k], p);
                list[k] = c;
            }
            return null;
        }
        if (value is PlannedValue planned) { parent.Set(Field.Leaf, planned.Then(this)); return null; }
        if (!TryConvert(value, out var converted, out var problem)) return Mismatch(step, value, problem);
        parent.Set(Field.Leaf, converted);
        return null;
    }

    bool IValueStep.TryApply(object value, out object? result) => TryConvert(value, out result, out _);

    private bool TryConvert(object value, out object? result, out string problem)
    {
        if (To.Kind == FieldKind.Timestamp)
        {
            if (Format is not null && value is string s)
            {
                if (DateTime.TryParseExact(s, Format, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t))
                {
                    result = DateTime.SpecifyKind(new DateTime(t.Ticks - t.Ticks % Timestamps.TicksPerMicrosecond), DateTimeKind.Utc);
                    problem = "";
                    return true;
                }
                result = null;
                problem = $"does not match the format '{Format}'";
                return false;
            }
            if (EpochUnit is not null && value is decimal n && TryEpoch(n, out var epoch))
            {
                result = epoch;
                problem = "";
                return true;
            }
        }
        return ValueConverter.TryConvert(value, To, lenient: true, out result, out problem);
    }

    /// <summary>A number of epoch units as a timestamp; false when it is outside the timestamp range (as it may be far outside decimal's).</summary>
    private bool TryEpoch(decimal n, out DateTime result)
    {
        result = default;
        decimal epoch;
        try
        {
            var ticks = EpochUnit switch { "s" => n * TimeSpan.TicksPerSecond, "ms" => n * TimeSpan.TicksPerMillisecond, _ => n * 10 };
            epoch = DateTime.UnixEpoch.Ticks + decimal.Truncate(ticks);
        }
        catch (OverflowException)
        {
            return false;
        }
        if (epoch < DateTime.MinValue.Ticks || epoch > DateTime.MaxValue.Ticks) return false;
        var tk = (long)epoch;
        result = new DateTime(tk - tk % Timestamps.TicksPerMicrosecond, DateTimeKind.Utc);
        return true;
    }

    private UpcastError Mismatch(UpcastStep step, object? value, string problem) =>
        new(QuarantineReason.TypeMismatch, $"{step}: cannot convert '{Field}' ({JsonValues.Describe(value)}) to {To}: {problem}");

    internal override void Check(OperationCheck check)
    {
        var field = check.Resolve(Field);
        if (field is null) return;
        if (Field.LeafIsEachElement ? field.Type.Element?.IsPrimitive != true : !field.Type.IsPrimitive)
        {
            check.Error(Field.Text, $"'{Field}' is {field.Type}; only primitive values convert", "convert the nested fields one by one (items[].price)");
        }
    }
}

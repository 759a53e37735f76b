using Lake.Core.Data;
using Lake.Core.Schema;
using Lake.Core.Upcasting;

namespace Lake.Core.Validation;

/// <summary>Checks latest-version data against its schema and produces the typed row: one value per field, in schema order.</summary>
public sealed class EventValidator(string eventType, FieldSet fields)
{
    public string EventType { get; } = eventType;
    public FieldSet Fields { get; } = fields;

    /// <summary>Returns the typed values, or null with <paramref name="error"/> set.</summary>
    public object?[]? Validate(DataObject data, out UpcastError? error)
    {
        error = null;
        return ValidateStruct(data, Fields, Root, ref error);
    }

    private static readonly PathTo Root = new(null, null, -1);

    /// <summary>Where a value sits (parent path, then a field name or a list index), spelled out only for an error message.</summary>
    private sealed record PathTo(PathTo? Parent, string? Name, int Index)
    {
        public override string ToString()
        {
            var parent = Parent?.ToString();
            if (Name is null) return Index < 0 ? "" : $"{parent}[{Index}]";
            return string.IsNullOrEmpty(parent) ? Name : parent + "." + Name;
        }
    }

    private object?[]? ValidateStruct(DataObject data, FieldSet fields, PathTo prefix, ref UpcastError? error)
    {
        var row = new object?[fields.Count];
        for (var i = 0; i < fields.Count; i++)
        {
            var field = fields[i];
            data.TryGetValue(fields.InternedName(i), out var value);
            if (value is string s && field.NullIf.Count > 0 && field.NullIf.Contains(s)) value = null;
            if (value is null)
            {
                if (field.HasDefault) { row[i] = field.Default; continue; }
                if (field.Required)
                {
                    error = new UpcastError(QuarantineReason.MissingField, $"{EventType}: required field '{new PathTo(prefix, field.Name, -1)}' is missing");
                    return null;
                }
                continue;
            }
            if (!TryValue(value, field.Type, prefix, field.Name, -1, out row[i], ref error)) return null;
        }
        return row;
    }

    /// <summary>Validates the value at <paramref name="parent"/>'s field <paramref name="name"/> (or element <paramref name="index"/>); the path is built only when needed.</summary>
    private bool TryValue(object value, FieldType type, PathTo parent, string? name, int index, out object? result, ref UpcastError? error)
    {
        result = null;
        switch (type.Kind)
        {
            case FieldKind.Struct:
                if (value is not DataObject obj) return Mismatch(new PathTo(parent, name, index), $"expected a struct (JSON object), got {JsonValues.Describe(value)}", ref error);
                result = ValidateStruct(obj, type.StructFields!, new PathTo(parent, name, index), ref error);
                return result is not null;
            case FieldKind.List:
                if (value is not List<object?> list) return Mismatch(new PathTo(parent, name, index), $"expected a list (JSON array), got {JsonValues.Describe(value)}", ref error);
                var items = new object?[list.Count];
                var listPath = new PathTo(parent, name, index);
                for (var i = 0; i < list.Count; i++)
                {
                    if (list[i] is null) continue;
                    if (!TryValue(list[i]!, type.Element!, listPath, null, i, out items[i], ref error)) return false;
                }
                result = items;
                return true;
            default:
                if (ValueConverter.TryConvert(value, type, lenient: false, out result, out var problem)) return true;
                return Mismatch(new PathTo(parent, name, index), problem, ref error);
        }
    }

    private bool Mismatch(PathTo path, string problem, ref UpcastError? error)
    {
        error = new UpcastError(QuarantineReason.TypeMismatch, $"{EventType}: field '{path}': {problem}");
        return false;
    }
}

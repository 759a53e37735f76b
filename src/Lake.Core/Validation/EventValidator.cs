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
        return ValidateStruct(data, Fields, null, ref error);
    }

    private object?[]? ValidateStruct(DataObject data, FieldSet fields, string? prefix, ref UpcastError? error)
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
                    error = new UpcastError(QuarantineReason.MissingField, $"{EventType}: required field '{Path(prefix, field.Name)}' is missing");
                    return null;
                }
                continue;
            }
            if (!TryValue(value, field.Type, Path(prefix, field.Name), out row[i], ref error)) return null;
        }
        return row;
    }

    private bool TryValue(object value, FieldType type, string path, out object? result, ref UpcastError? error)
    {
        result = null;
        switch (type.Kind)
        {
            case FieldKind.Struct:
                if (value is not DataObject obj) return Mismatch(path, $"expected a struct (JSON object), got {JsonValues.Describe(value)}", ref error);
                result = ValidateStruct(obj, type.StructFields!, path, ref error);
                return result is not null;
            case FieldKind.List:
                if (value is not List<object?> list) return Mismatch(path, $"expected a list (JSON array), got {JsonValues.Describe(value)}", ref error);
                var items = new object?[list.Count];
                for (var i = 0; i < list.Count; i++)
                {
                    if (list[i] is null) continue;
                    if (!TryValue(list[i]!, type.Element!, path + "[" + i + "]", out items[i], ref error)) return false;
                }
                result = items;
                return true;
            default:
                if (ValueConverter.TryConvert(value, type, lenient: false, out result, out var problem)) return true;
                return Mismatch(path, problem, ref error);
        }
    }

    private bool Mismatch(string path, string problem, ref UpcastError? error)
    {
        error = new UpcastError(QuarantineReason.TypeMismatch, $"{EventType}: field '{path}': {problem}");
        return false;
    }

    private static string Path(string? prefix, string name) => prefix is null ? name : prefix + "." + name;
}

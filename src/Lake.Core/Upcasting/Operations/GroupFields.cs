using Lake.Core.Data;

namespace Lake.Core.Upcasting.Operations;

/// <summary>Moves sibling fields into a struct, optionally renaming them: <c>billing_city</c> becomes <c>billing_address.city</c>.</summary>
public sealed class GroupFields(string into, IReadOnlyList<(string From, string To)> fields) : UpcastOperation
{
    public string Into { get; } = into;
    public IReadOnlyList<(string From, string To)> Fields { get; } = fields;

    public override string Kind => "group";
    public override string Describe() => $"group {string.Join(", ", Fields.Select(f => f.From == f.To ? f.From : $"{f.From} as {f.To}"))} into {Into}";

    public override UpcastError? Apply(DataObject data, UpcastStep step)
    {
        DataObject? group = null;
        if (data.TryGetValue(Into, out var existing) && existing is not null)
        {
            if (existing is not DataObject o)
            {
                return new UpcastError(QuarantineReason.UpcasterFailed,
                    $"{step}: cannot group fields into '{Into}': the event already has '{Into}' as {JsonValues.Describe(existing)}");
            }
            group = o;
        }
        foreach (var (from, to) in Fields)
        {
            if (!data.Remove(from, out var value)) continue;
            group ??= new DataObject(Fields.Count);
            if (group.Contains(to))
            {
                return new UpcastError(QuarantineReason.UpcasterFailed, $"{step}: cannot move '{from}' into '{Into}.{to}': it is already set");
            }
            group.Set(to, value);
        }
        if (group is not null) data.Set(Into, group);
        return null;
    }

    internal override void Check(OperationCheck check)
    {
        foreach (var (from, _) in Fields)
        {
            if (check.Resolve(FieldPath.Of(from)) is not null) check.TopLevel.Remove(from);
        }
        if (check.Next.IndexOf(Into) >= 0) check.TopLevel.Add(Into);
        if (!check.Next.TryGet(Into, out var target) || target.Type.StructFields is not { } structFields)
        {
            check.Error(Into, $"the next version has no struct field '{Into}'", $"declare '{Into}' as a struct in the next version");
            return;
        }
        foreach (var (_, to) in Fields)
        {
            if (structFields.IndexOf(to) < 0) check.Error($"{Into}.{to}", $"struct '{Into}' has no field '{to}'", $"declare '{to}' inside '{Into}' or fix the name");
        }
    }
}

namespace Lake.Core.Upcasting;

/// <summary>
/// Where a nested object sits, for naming the unknown fields found in it (<c>owner.nickname</c>, <c>items[].colour</c>);
/// spelled out only when one is found.
/// </summary>
internal sealed record UnknownFieldPath(UnknownFieldPath? Parent, string Name, bool Element)
{
    /// <summary>The path of field <paramref name="name"/> inside the object at <paramref name="path"/> (the top level when null).</summary>
    public static string Of(UnknownFieldPath? path, string name) => path is null ? name : path + "." + name;

    public override string ToString() => Of(Parent, Name) + (Element ? "[]" : "");
}

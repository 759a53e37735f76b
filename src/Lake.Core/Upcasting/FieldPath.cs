using System.Text.RegularExpressions;
using Lake.Core.Data;

namespace Lake.Core.Upcasting;

/// <summary>
/// A path to a field: <c>total</c>, <c>owner.name</c> (inside a struct), <c>items[].unit_price</c> (in every element of a list),
/// or <c>tags[]</c> (every element of a list itself).
/// </summary>
public sealed partial class FieldPath
{
    private readonly Segment[] _segments;

    private FieldPath(string text, Segment[] segments)
    {
        Text = text;
        _segments = segments;
        Segments = segments;
    }

    public readonly record struct Segment(string Name, bool EachElement);

    public string Text { get; }
    public IReadOnlyList<Segment> Segments { get; }
    public string Leaf => Segments[^1].Name;
    /// <summary>True when the path ends in <c>[]</c>: the operation applies to each element of the list.</summary>
    public bool LeafIsEachElement => Segments[^1].EachElement;

    [GeneratedRegex(@"^[a-z][a-z0-9_]*(\[\])?(\.[a-z][a-z0-9_]*(\[\])?)*$")]
    private static partial Regex Syntax();

    public static bool TryParse(string text, out FieldPath path)
    {
        path = null!;
        if (!Syntax().IsMatch(text)) return false;
        var segs = text.Split('.').Select(s => s.EndsWith("[]", StringComparison.Ordinal) ? new Segment(s[..^2], true) : new Segment(s, false)).ToArray();
        path = new FieldPath(text, segs);
        return true;
    }

    public static FieldPath Parse(string text) =>
        TryParse(text, out var p) ? p : throw new ArgumentException($"'{text}' is not a field path (expected name, a.b or items[].name)");

    public static FieldPath Of(string name) => new(name, [new Segment(name, false)]);

    /// <summary>Calls <paramref name="visit"/> for every object that holds the leaf; stops at the first error.</summary>
    public UpcastError? ForEachParent(DataObject root, Func<DataObject, UpcastError?> visit) =>
        Walk(root, 0, visit, static (parent, visit) => visit(parent));

    /// <summary>As <see cref="ForEachParent(DataObject, Func{DataObject, UpcastError})"/>, handing <paramref name="state"/> to a visitor that then needs no closure.</summary>
    public UpcastError? ForEachParent<TState>(DataObject root, TState state, Func<DataObject, TState, UpcastError?> visit) => Walk(root, 0, state, visit);

    /// <summary>Calls <paramref name="visitor"/> for every object that holds the leaf; stops at the first error. No closure per event.</summary>
    internal UpcastError? ForEachParent(DataObject root, IParentVisitor visitor, UpcastStep step) =>
        _segments.Length == 1 ? visitor.Visit(root, step) : Walk(root, 0, (visitor, step), static (parent, s) => s.visitor.Visit(parent, s.step));

    private UpcastError? Walk<TState>(DataObject current, int depth, TState state, Func<DataObject, TState, UpcastError?> visit)
    {
        if (depth == _segments.Length - 1) return visit(current, state);
        var seg = _segments[depth];
        if (!current.TryGetValue(seg.Name, out var child) || child is null) return null;
        if (seg.EachElement)
        {
            if (child is not List<object?> list) return null;
            foreach (var element in list)
            {
                if (element is DataObject o && Walk(o, depth + 1, state, visit) is { } error) return error;
            }
            return null;
        }
        return child is DataObject obj ? Walk(obj, depth + 1, state, visit) : null;
    }

    public override string ToString() => Text;
}

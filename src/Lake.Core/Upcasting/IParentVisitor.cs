using Lake.Core.Data;

namespace Lake.Core.Upcasting;

/// <summary>An operation applied to each object that holds a path's leaf (see <see cref="FieldPath"/>).</summary>
internal interface IParentVisitor
{
    UpcastError? Visit(DataObject parent, UpcastStep step);
}

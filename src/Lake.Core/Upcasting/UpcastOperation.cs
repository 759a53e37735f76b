using Lake.Core.Data;
using Lake.Core.Schema;

namespace Lake.Core.Upcasting;

/// <summary>One declarative step of an upcaster between two consecutive versions (rename, group, convert, ...).</summary>
public abstract class UpcastOperation
{
    public SourceLocation Location { get; init; }

    /// <summary>The op's name as written in the catalog (<c>rename</c>, <c>group</c>, ...).</summary>
    public abstract string Kind { get; }

    /// <summary>A one-line human description, used in docs and messages.</summary>
    public abstract string Describe();

    /// <summary>Mutates <paramref name="data"/> from the previous version's shape toward the next; returns an error to quarantine the event.</summary>
    public abstract UpcastError? Apply(DataObject data, UpcastStep step);

    /// <summary>Checks the op against the previous version's fields and updates the set of top-level names it leaves.</summary>
    internal abstract void Check(OperationCheck check);
}

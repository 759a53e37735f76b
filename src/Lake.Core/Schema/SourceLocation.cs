namespace Lake.Core.Schema;

/// <summary>Where a declaration sits in a catalog file, so errors can point at it.</summary>
public readonly record struct SourceLocation(string File, int Line, int Column)
{
    public static readonly SourceLocation None = new("", 0, 0);

    public override string ToString() => File.Length == 0 ? "" : Line > 0 ? $"{File}:{Line}:{Column}" : File;
}

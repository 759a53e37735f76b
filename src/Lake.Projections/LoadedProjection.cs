namespace Lake.Projections;

/// <summary>A projection with where it came from and its fingerprint (catalog + definition + engine version): a checkpoint is only reused under the same fingerprint.</summary>
public sealed record LoadedProjection(Projection Projection, string Origin, string Fingerprint)
{
    public string Name => Projection.Name;
}

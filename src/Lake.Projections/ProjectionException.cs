namespace Lake.Projections;

/// <summary>A projection that cannot be loaded or rebuilt as asked; the message names the problem and the fix.</summary>
public sealed class ProjectionException(string message) : Exception(message);

namespace Lake.Serve.Jobs;

/// <summary>A job was given arguments it cannot run with; retrying cannot help, so it fails without retries.</summary>
public sealed class JobArgumentException(string message) : Exception(message);

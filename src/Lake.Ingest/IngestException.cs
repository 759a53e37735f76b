namespace Lake.Ingest;

/// <summary>Input or lake state that stops an ingest, with what to do about it.</summary>
public sealed class IngestException(string message) : Exception(message);

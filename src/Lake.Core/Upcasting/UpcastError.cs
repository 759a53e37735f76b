namespace Lake.Core.Upcasting;

/// <summary>A failure while upcasting or validating one event: the quarantine reason and a message for the producer.</summary>
public sealed record UpcastError(QuarantineReason Reason, string Message);

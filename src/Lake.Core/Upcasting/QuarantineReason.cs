namespace Lake.Core.Upcasting;

/// <summary>Why an event went to the quarantine instead of the curated zone. <see cref="QuarantineReasons.Code"/> gives the stable snake_case code.</summary>
public enum QuarantineReason
{
    Malformed,
    UnknownEventType,
    UnknownVersion,
    MissingField,
    TypeMismatch,
    UnmappedValue,
    UpcasterFailed,
}

namespace Lake.Core.Upcasting;

/// <summary>The stable codes of <see cref="QuarantineReason"/>, as written to the quarantine zone and shown to users.</summary>
public static class QuarantineReasons
{
    private static readonly string[] Codes =
        ["malformed", "unknown_event_type", "unknown_version", "missing_field", "type_mismatch", "unmapped_value", "upcaster_failed"];

    public static IReadOnlyList<QuarantineReason> All { get; } = Enum.GetValues<QuarantineReason>();

    public static string Code(this QuarantineReason reason) => Codes[(int)reason];

    public static bool TryParse(string code, out QuarantineReason reason)
    {
        var i = Array.IndexOf(Codes, code);
        reason = i >= 0 ? (QuarantineReason)i : default;
        return i >= 0;
    }
}

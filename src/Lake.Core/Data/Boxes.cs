namespace Lake.Core.Data;

/// <summary>Shared boxes for the small numbers and booleans that fill events (quantities, versions, flags), so they are not allocated per value.</summary>
internal static class Boxes
{
    private const int Min = -128;
    private const int Max = 1023;
    private static readonly object[] Ints = Enumerable.Range(Min, Max - Min + 1).Select(i => (object)i).ToArray();
    private static readonly object[] Decimals = Enumerable.Range(Min, Max - Min + 1).Select(i => (object)(decimal)i).ToArray();
    public static readonly object True = true;
    public static readonly object False = false;

    public static object Int(int value) => value is >= Min and <= Max ? Ints[value - Min] : value;

    /// <summary>Only integral decimals of scale 0 are shared: 2 and 2.0 are different decimals and must stay so.</summary>
    public static object Decimal(decimal value) =>
        value.Scale == 0 && value >= Min && value <= Max ? Decimals[(int)value - Min] : value;

    public static object Bool(bool value) => value ? True : False;
}

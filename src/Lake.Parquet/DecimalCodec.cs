using System.Buffers.Binary;
using System.Runtime.InteropServices;
using ParquetSharp;

namespace Lake.Parquet;

/// <summary>
/// Decimal columns to and from their stored form, a two's complement of the value unscaled to the column's scale (Parquet: big-endian
/// FIXED_LEN_BYTE_ARRAY of the column's length, the bytes ParquetSharp's own writer stores for values within the precision; Arrow:
/// 16 bytes little-endian). Done here because ParquetSharp's writer multiplies and truncates a System.Decimal per value (~400 ns,
/// 40% of a snapshot's write time), and it wraps values beyond the precision around (327.68 in decimal(4,2) read back as -327.68).
/// </summary>
public static class DecimalCodec
{
    private static readonly Int128[] Powers = Enumerable.Range(0, 39).Select(i => Enumerable.Repeat((Int128)10, i).Aggregate((Int128)1, (a, b) => a * b)).ToArray();

    /// <summary>The value times 10^scale, extra digits truncated toward zero (what ParquetSharp stores).</summary>
    public static Int128 Unscaled(decimal value, int scale)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var mantissa = ((UInt128)(uint)bits[2] << 64) | ((UInt128)(uint)bits[1] << 32) | (uint)bits[0];
        var signed = (Int128)mantissa;
        if (bits[3] < 0) signed = -signed;
        var from = value.Scale;
        try
        {
            return from <= scale ? checked(signed * Powers[scale - from]) : signed / Powers[from - scale];
        }
        catch (OverflowException e)
        {
            throw new OverflowException($"decimal {value} does not fit a column of scale {scale}", e);
        }
    }

    /// <summary>
    /// Writes a nullable decimal(<paramref name="precision"/>, <paramref name="scale"/>) column of <paramref name="count"/> values as Parquet
    /// FIXED_LEN_BYTE_ARRAY of the column's length (the fewest bytes the precision needs: 8 for 18 digits). A value with more digits than
    /// the precision is refused: stored, it would read back as another number.
    /// </summary>
    public static void Write(ColumnWriter column, int precision, int scale, int count, Func<int, decimal?> value)
    {
        var length = column.ColumnDescriptor.TypeLength;
        var definitions = new short[count];
        var bytes = new byte[count * length];
        var present = 0;
        for (var i = 0; i < count; i++)
        {
            if (value(i) is not { } v) continue;
            definitions[i] = 1;
            Encode(v, precision, scale, bytes.AsSpan(present * length, length));
            present++;
        }
        WriteEncoded(column, count, definitions, default, bytes, present);
    }

    /// <summary>The bytes a decimal(<paramref name="precision"/>, s) column stores per value: the fewest that hold the precision (8 for 18 digits).</summary>
    public static int Length(int precision)
    {
        var limit = Powers[Math.Clamp(precision, 1, 38)];
        for (var length = 1; length < 16; length++) if (limit - 1 <= (Int128.One << (8 * length - 1)) - 1) return length;
        return 16;
    }

    /// <summary>
    /// Writes <paramref name="value"/> as the column's big-endian two's complement into <paramref name="destination"/> (its length is the
    /// column's). A value with more digits than the precision is refused: stored, it would read back as another number.
    /// </summary>
    public static void Encode(decimal value, int precision, int scale, Span<byte> destination)
    {
        var length = destination.Length;
        if (length is < 1 or > 16) throw new InvalidOperationException($"a decimal column of {length} bytes: expected up to 16");
        var unscaled = Unscaled(value, scale);
        var limit = Powers[Math.Clamp(precision, 1, 38)];
        if (unscaled >= limit || unscaled <= -limit) throw new OverflowException($"decimal {value} has more digits than the column's decimal({precision},{scale}) holds: declare a larger precision");
        // Big-endian: the low bytes are the last ones, and within the precision the bytes dropped only repeat the sign.
        Span<byte> full = stackalloc byte[16];
        BinaryPrimitives.WriteInt128BigEndian(full, unscaled);
        if (!FitsIn(full, length)) throw new InvalidOperationException($"decimal({precision},{scale}) values do not fit the column's {length} bytes");
        full[(16 - length)..].CopyTo(destination);
    }

    /// <summary>Writes <paramref name="present"/> encoded values (the column's length each) with their levels.</summary>
    public static void WriteEncoded(ColumnWriter column, int levels, ReadOnlySpan<short> definitions, ReadOnlySpan<short> repetitions, byte[] encoded, int present)
    {
        var length = column.ColumnDescriptor.TypeLength;
        var handle = GCHandle.Alloc(encoded, GCHandleType.Pinned);
        try
        {
            var start = handle.AddrOfPinnedObject();
            var values = new FixedLenByteArray[present];
            for (var i = 0; i < present; i++) values[i] = new FixedLenByteArray(start + i * length);
            ((ColumnWriter<FixedLenByteArray>)column).WriteBatch(levels, definitions, repetitions, values);
        }
        finally
        {
            handle.Free();
        }
    }

    // The bytes dropped from the front of a big-endian two's complement must only repeat the sign of what is kept.
    private static bool FitsIn(ReadOnlySpan<byte> bigEndian, int length)
    {
        var sign = (bigEndian[16 - length] & 0x80) != 0 ? (byte)0xFF : (byte)0;
        foreach (var b in bigEndian[..(16 - length)]) if (b != sign) return false;
        return true;
    }

    /// <summary>
    /// The decimal128 value at <paramref name="index"/> (counted from the buffer's start) of little-endian 16-byte values of scale
    /// <paramref name="scale"/>; null when System.Decimal cannot hold it this way (beyond 96 bits or a scale above 28).
    /// </summary>
    public static decimal? Read(ReadOnlySpan<byte> values, int index, int scale)
    {
        var unscaled = BinaryPrimitives.ReadInt128LittleEndian(values.Slice(index * 16, 16));
        var negative = unscaled < 0;
        var magnitude = (UInt128)(negative ? -unscaled : unscaled);
        if (magnitude >> 96 != 0 || scale > 28) return null;
        return new decimal((int)(uint)magnitude, (int)(uint)(magnitude >> 32), (int)(uint)(magnitude >> 64), negative, (byte)scale);
    }
}

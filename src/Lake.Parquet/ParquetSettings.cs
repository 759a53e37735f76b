using Parquet;

namespace Lake.Parquet;

/// <summary>How lake files are written: compression (zstd by default, snappy selectable) and rows per row group.</summary>
public sealed record ParquetSettings
{
    public CompressionMethod Compression { get; init; } = CompressionMethod.Zstd;
    /// <summary>Parquet.Net's default level (SmallestSize) is ~100x slower with zstd; Optimal is the measured sweet spot.</summary>
    public System.IO.Compression.CompressionLevel Level { get; init; } = System.IO.Compression.CompressionLevel.Optimal;
    /// <summary>Rows per row group: large enough for analytics scans, small enough to bound the writer's memory.</summary>
    public int RowGroupRows { get; init; } = 250_000;

    public static ParquetSettings Parse(string compression) => compression.ToLowerInvariant() switch
    {
        "zstd" => new ParquetSettings(),
        "snappy" => new ParquetSettings { Compression = CompressionMethod.Snappy },
        "none" => new ParquetSettings { Compression = CompressionMethod.None },
        _ => throw new ArgumentException($"compression '{compression}' is not supported; use zstd, snappy or none"),
    };
}

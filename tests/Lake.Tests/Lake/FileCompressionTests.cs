using Lake.Core.Schema;
using Lake.Parquet;
using ParquetSharp;

namespace Lake.Tests.Lake;

/// <summary>
/// Lake files are zstd by default, snappy when chosen, and small files are stored uncompressed and without dictionaries (cheaper to
/// write, hardly bigger).
/// </summary>
public sealed class FileCompressionTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lake-compression-").FullName;
    private static readonly TableSchema Schema = new([new("id", FieldType.String, Required: true), new("n", FieldType.Int64)]);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("zstd", 5_000, Compression.Zstd)]
    [InlineData("snappy", 5_000, Compression.Snappy)]
    [InlineData("none", 5_000, Compression.Uncompressed)]
    [InlineData("zstd", 99, Compression.Uncompressed)]
    [InlineData("zstd", 100, Compression.Zstd)]
    public void Every_column_chunk_uses_the_chosen_codec_unless_the_file_has_fewer_rows_than_it_pays_for(string codec, int rows, Compression expected)
    {
        var file = Path.Combine(_dir, $"{codec}-{rows}.parquet");
        var data = Enumerable.Range(0, rows).Select(i => new object?[] { $"id-{i}", (long)i % 7 }).ToList();
        using (var f = File.Create(file)) ParquetTableWriter.Write(f, Schema, data, ParquetSettings.Parse(codec));

        using var reader = new ParquetFileReader(file);
        using var group = reader.RowGroup(0);
        for (var c = 0; c < group.MetaData.NumColumns; c++) Assert.Equal(expected, group.MetaData.GetColumnChunkMetaData(c).Compression);
        using var duck = new Duck();
        Assert.Equal(rows, duck.Scalar<long>($"SELECT count(*) FROM read_parquet('{file}') WHERE id LIKE 'id-%'"));
    }

    [Theory]
    [InlineData(99, false)]
    [InlineData(100, true)]
    public void A_repetitive_column_is_dictionary_encoded_unless_the_file_is_small(int rows, bool dictionary)
    {
        var file = Path.Combine(_dir, $"dict-{rows}.parquet");
        var data = Enumerable.Range(0, rows).Select(i => new object?[] { $"id-{i}", (long)i % 7 }).ToList();
        using (var f = File.Create(file)) ParquetTableWriter.Write(f, Schema, data, new ParquetSettings());

        using var reader = new ParquetFileReader(file);
        using var group = reader.RowGroup(0);
        var n = group.MetaData.GetColumnChunkMetaData(1);
        Assert.Equal(dictionary, n.Encodings.Contains(Encoding.RleDictionary) || n.Encodings.Contains(Encoding.PlainDictionary));
        using var duck = new Duck();
        Assert.Equal(data.Sum(r => (long)r[1]!), duck.Scalar<long>($"SELECT sum(n)::BIGINT FROM read_parquet('{file}')"));
    }
}

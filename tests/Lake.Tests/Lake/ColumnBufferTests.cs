using Lake.Core.Schema;
using Lake.Parquet;

namespace Lake.Tests.Lake;

/// <summary>Strings and payloads are buffered in shared chunks, not one object per value; what comes back must be exactly what went in.</summary>
public sealed class ColumnBufferTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lake-buffers-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Values_come_back_in_order_across_chunks_with_empty_values_first_and_values_larger_than_a_chunk()
    {
        var arena = new ByteArena();
        var random = new Random(5);
        var values = new List<string> { "", "", "a", new string('x', 100_000), "b", "", "é€😀" };
        for (var i = 0; i < 20_000; i++) values.Add(new string((char)('a' + i % 26), random.Next(0, 40)));
        // ASCII is narrowed straight into a chunk; text with a char beyond ASCII anywhere (a partial narrowing left behind),
        // or longer than the first chunk, takes the counted path.
        for (var i = 0; i < 5_000; i++)
        {
            var chars = new string((char)('a' + i % 26), random.Next(1, i % 10 == 0 ? 300 : 40)).ToCharArray();
            chars[random.Next(chars.Length)] = i % 3 == 0 ? 'é' : i % 3 == 1 ? '€' : 'z';
            values.Add(new string(chars));
        }
        values.Add(new string('y', 40_000));
        values.Add("last");
        foreach (var v in values) arena.AddUtf8(v);

        var back = Enumerable.Range(0, arena.Count).Select(i => System.Text.Encoding.UTF8.GetString(arena[i])).ToList();
        var lengths = new List<int>();
        arena.WithByteArrays(native => lengths.AddRange(native.Select(b => b.Length)));

        Assert.Equal(values, back);
        Assert.Equal(values.Select(v => System.Text.Encoding.UTF8.GetByteCount(v)), lengths);
    }

    [Fact]
    public void Regression_an_empty_string_before_any_other_value_in_a_column_is_written_and_read_back_by_duckdb()
    {
        // The first value of a buffer being "" once pointed its slice at a chunk that did not exist yet.
        var schema = new TableSchema([new("s", FieldType.String), new("n", FieldType.Int64, Required: true), ColumnSpec.Bytes("raw")]);
        var file = Path.Combine(_dir, "empty-first.parquet");
        object?[][] rows = [["", 1L, Array.Empty<byte>()], [null, 2L, new byte[] { 1, 2 }], ["z", 3L, Array.Empty<byte>()]];
        using (var f = File.Create(file)) ParquetTableWriter.Write(f, schema, rows, new ParquetSettings());

        using var duck = new Duck();
        var back = duck.Rows($"SELECT s, n, octet_length(raw) FROM read_parquet('{file}') ORDER BY n");
        Assert.Equal(["", 1L, 0L], back[0]);
        Assert.Equal([null, 2L, 2L], back[1]);
        Assert.Equal(["z", 3L, 0L], back[2]);
    }
}

using Lake.Core.Schema;
using Lake.Parquet;

namespace Lake.Tests.Lake;

/// <summary>Every catalog type is written as the Parquet type readers expect, and values (nulls, empty lists, nesting) survive.</summary>
public class ParquetTypeContractTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "lake-types-" + Guid.NewGuid().ToString("N"));

    public ParquetTypeContractTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    private static FieldSchema F(string name, FieldType type) => new() { Name = name, Type = type };

    [Fact]
    public void Every_field_type_is_read_by_duckdb_with_its_contracted_type_and_value()
    {
        var point = FieldType.Struct(new FieldSet([F("x", FieldType.Int32), F("tags", FieldType.List(FieldType.String))]));
        var schema = new TableSchema(
        [
            new("s", FieldType.String), new("b", FieldType.Bool), new("i", FieldType.Int32), new("l", FieldType.Int64),
            new("d", FieldType.Double), new("m", FieldType.Decimal(10, 3)), new("t", FieldType.Timestamp), new("day", FieldType.Date),
            new("e", FieldType.Enum(["new", "old"])), new("ints", FieldType.List(FieldType.Int64)),
            new("points", FieldType.List(point)), new("p", point), ColumnSpec.Bytes("raw"),
        ]);
        var t = new DateTime(2026, 11, 20, 10, 15, 0, 123, DateTimeKind.Utc).AddTicks(4560);
        object?[] full = ["a", true, 7, 9_000_000_000L, 2.5, 12.345m, t, new DateOnly(2026, 2, 28), "old", new object?[] { 1L, null, 3L },
            new object?[] { new object?[] { 1, new object?[] { "u", "v" } }, null, new object?[] { 2, new object?[0] } }, new object?[] { 5, null }, new byte[] { 0, 255 }];
        object?[] empty = [null, null, null, null, null, null, null, null, null, new object?[0], new object?[0], null, new byte[0]];
        var file = Path.Combine(_dir, "t.parquet");
        using (var f = File.Create(file)) ParquetTableWriter.Write(f, schema, [full, empty], new ParquetSettings());

        using var duck = new Duck();
        var types = duck.Describe($"read_parquet('{file}')");
        Assert.Equal("VARCHAR", types["s"]);
        Assert.Equal("BOOLEAN", types["b"]);
        Assert.Equal("INTEGER", types["i"]);
        Assert.Equal("BIGINT", types["l"]);
        Assert.Equal("DOUBLE", types["d"]);
        Assert.Equal("DECIMAL(10,3)", types["m"]);
        Assert.Equal("TIMESTAMP WITH TIME ZONE", types["t"]);
        Assert.Equal("DATE", types["day"]);
        Assert.Equal("VARCHAR", types["e"]);
        Assert.Equal("BIGINT[]", types["ints"]);
        Assert.Equal("STRUCT(x INTEGER, tags VARCHAR[])[]", types["points"]);
        Assert.Equal("BLOB", types["raw"]);

        var row = duck.Rows($"""
            SELECT s, b, i, l, d, m, epoch_us(t), strftime(day, '%Y-%m-%d'), e, ints::VARCHAR, points::VARCHAR, p::VARCHAR, octet_length(raw)
            FROM read_parquet('{file}')
            """);
        Assert.Equal(["a", true, 7, 9_000_000_000L, 2.5, 12.345m, (t.Ticks - DateTime.UnixEpoch.Ticks) / 10, "2026-02-28", "old", "[1, NULL, 3]",
            "[{'x': 1, 'tags': [u, v]}, NULL, {'x': 2, 'tags': []}]", "{'x': 5, 'tags': NULL}", 2L], row[0].Select(v => v is long or int or bool or string or double or decimal ? v : Convert.ToInt64(v)));
        Assert.Equal("[]", row[1][9]);
        Assert.Equal("[]", row[1][10]);
        Assert.All(row[1].Take(9), v => Assert.Null(v));
        Assert.Null(row[1][11]);
    }
}

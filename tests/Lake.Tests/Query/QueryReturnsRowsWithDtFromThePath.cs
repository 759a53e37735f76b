using Lake.Query;

namespace Lake.Tests.Query;

public sealed class QueryReturnsRowsWithDtFromThePath
{
    [Fact]
    public void Rows_from_every_day_folder_come_back_with_their_dt_and_typed_values()
    {
        using var lake = new TestLake()
            .OrderPlaced("a.parquet", "2026-01-01", ("e1", "12.50"), ("e2", "3"))
            .OrderPlaced("b.parquet", "2026-01-02", ("e3", "7.05"));
        using var session = LakeQuery.Open(lake.Root);

        var result = session.Run("SELECT event_id, dt, total, occurred_at, billing_address.city AS city, items[1].unit_price AS price FROM order_placed ORDER BY event_id");

        Assert.Equal(["event_id", "dt", "total", "occurred_at", "city", "price"], result.Columns.Select(c => c.Name));
        Assert.Equal(3, result.Rows.Count);
        Assert.Equal(["e1", "e2", "e3"], result.Rows.Select(r => (string)r[0]!));
        Assert.Equal([new DateOnly(2026, 1, 1), new DateOnly(2026, 1, 1), new DateOnly(2026, 1, 2)], result.Rows.Select(r => (DateOnly)r[1]!));
        Assert.Equal([12.50m, 3m, 7.05m], result.Rows.Select(r => (decimal)r[2]!));
        var occurred = (DateTime)result.Rows[2][3]!;
        Assert.Equal(new DateTime(2026, 1, 2, 10, 0, 0).Ticks, (occurred.Kind == DateTimeKind.Local ? occurred.ToUniversalTime() : occurred).Ticks);
        Assert.Equal("Paris", result.Rows[0][4]);
        Assert.Equal(6.25m, result.Rows[0][5]);
    }

    [Fact]
    public void The_event_type_is_the_view_name_not_a_column()
    {
        using var lake = new TestLake().OrderPlaced("a.parquet", "2026-01-01", ("e1", "1"));
        using var session = LakeQuery.Open(lake.Root);

        var columns = session.Run("SELECT * FROM order_placed").Columns.Select(c => c.Name).ToList();

        Assert.DoesNotContain("event_type", columns);
        Assert.Equal("event_id", columns[0]);
        Assert.Equal("dt", columns[^1]);
    }
}

using Lake.Query;

namespace Lake.Tests.Query;

public sealed class LakeQueryCreatesAViewPerEventType
{
    [Fact]
    public void Each_event_type_folder_with_parquet_files_becomes_a_view_and_raw_and_quarantine_join_them()
    {
        using var lake = new TestLake()
            .OrderPlaced("a.parquet", "2026-01-01", ("e1", "12.50"))
            .Write("events/event_type=customer_registered/dt=2026-01-02/a.parquet", "SELECT 'c1' AS event_id, 'Ada' AS name")
            .Write("raw/source=shop.orders/dt=2026-01-01/r.parquet",
                "SELECT 'shop.orders' AS source, 0::INTEGER AS source_partition, 1::BIGINT AS source_offset, TIMESTAMPTZ '2026-01-01 10:00:00+00' AS recorded_at, "
                + "'e1' AS event_id, 'order_placed' AS event_type, 1::INTEGER AS event_version, NULL::TIMESTAMPTZ AS occurred_at, '\\xFF{'::BLOB AS payload")
            .Write("quarantine/dt=2026-01-01/q.parquet",
                "SELECT 'shop.orders' AS source, 0::INTEGER AS source_partition, 2::BIGINT AS source_offset, TIMESTAMPTZ '2026-01-01 10:00:00+00' AS recorded_at, "
                + "'bad_json' AS reason, 'not JSON' AS message, NULL AS event_id, NULL AS event_type, NULL::INTEGER AS event_version, 'x'::BLOB AS payload");
        Directory.CreateDirectory(Path.Combine(lake.Root, "events", "event_type=order_shipped", "dt=2026-01-01"));
        Directory.CreateDirectory(Path.Combine(lake.Root, "events", "Not-A-Type"));

        using var session = LakeQuery.Open(lake.Root);

        Assert.Equal(["customer_registered", "order_placed", "raw", "quarantine"], session.Views);
        var names = session.Run("SELECT view_name FROM duckdb_views() WHERE NOT internal ORDER BY view_name").Rows.Select(r => (string)r[0]!);
        Assert.Equal(["customer_registered", "order_placed", "quarantine", "raw"], names);
        Assert.Equal("bad_json", session.Run("SELECT reason FROM quarantine").Rows.Single()[0]);
        var raw = session.Run("SELECT source, dt, payload FROM raw").Rows.Single();
        Assert.Equal("shop.orders", raw[0]);
        Assert.Equal(new DateOnly(2026, 1, 1), raw[1]);
        Assert.Equal(new byte[] { 0xFF, (byte)'{' }, raw[2]);
    }

    [Fact]
    public void The_raw_view_keeps_the_files_source_column_rather_than_the_sanitised_folder_name()
    {
        using var lake = new TestLake()
            .Write("raw/source=shop_orders/dt=2026-01-03/r.parquet", "SELECT 'shop/orders' AS source, 4::BIGINT AS source_offset");
        using var session = LakeQuery.Open(lake.Root);

        var result = session.Run("SELECT * FROM raw");

        Assert.Equal(["source", "source_offset", "dt"], result.Columns.Select(c => c.Name));
        Assert.Equal(["shop/orders", 4L, new DateOnly(2026, 1, 3)], result.Rows.Single());
    }

    [Fact]
    public void A_lake_without_files_has_no_views_and_a_missing_lake_is_named()
    {
        using var lake = new TestLake();
        Directory.CreateDirectory(Path.Combine(lake.Root, "events", "event_type=order_placed"));

        using (var session = LakeQuery.Open(lake.Root)) Assert.Empty(session.Views);

        var missing = Path.Combine(lake.Root, "nope");
        var error = Assert.Throws<DirectoryNotFoundException>(() => LakeQuery.Open(missing));
        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }
}

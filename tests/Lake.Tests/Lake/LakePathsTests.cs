using Lake.Ingest;

namespace Lake.Tests.Lake;

/// <summary>Recovery finds what a crashed writer left behind by name, so every name a write can leave must be recognised.</summary>
public class LakePathsTests
{
    [Theory]
    [InlineData("events/event_type=x/dt=2026-01-01/shop.orders-p3-120-e7-0.parquet")]
    [InlineData("events/event_type=x/dt=2026-01-01/.shop.orders-p3-120-e7-0.parquet.inprogress")]
    [InlineData("events/event_type=x/dt=2026-01-01/..shop.orders-p3-120-e7-0.parquet.inprogress.0123456789abcdef0123456789abcdef.inprogress")]
    [InlineData("raw/source=shop.orders/dt=2026-01-01/.shop.orders-p3-120-e7-2.parquet.0123456789abcdef0123456789abcdef.inprogress")]
    public void Regression_a_store_temporary_of_a_staged_file_is_recognised_as_its_source_partitions(string key)
    {
        Assert.Equal(("shop.orders", 3), LakePaths.WrittenFor(key));
    }

    [Fact]
    public void A_source_whose_name_looks_like_a_partition_suffix_is_not_mistaken_for_another()
    {
        Assert.Equal(("a-p1", 2), LakePaths.WrittenFor("quarantine/dt=2026-01-01/a-p1-p2-0-e1-0.parquet"));
        Assert.Null(LakePaths.WrittenFor("events/event_type=x/dt=2026-01-01/notes.txt"));
    }

    [Theory]
    [InlineData("events/event_type=order_placed/dt=2026-09-01/shop-p0-0-e1-0.parquet", "2026-09-01")]
    [InlineData("raw/source=shop.orders/dt=2026-10-31/x.parquet", "2026-10-31")]
    [InlineData("quarantine/dt=2026-01-02/x.parquet", "2026-01-02")]
    [InlineData("snapshots/projection=a/as_of=20260101T000000Z/snapshot.parquet", null)]
    [InlineData("events/event_type=x/dt=not-a-day/x.parquet", null)]
    public void The_day_of_a_data_file_comes_from_its_dt_folder(string key, string? day)
    {
        Assert.Equal(day, LakePaths.DayOf(key)?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
    }
}

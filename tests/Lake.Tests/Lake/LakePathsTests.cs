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
}

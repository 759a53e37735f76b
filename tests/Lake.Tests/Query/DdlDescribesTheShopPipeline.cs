using Lake.Pipelines;
using Lake.Tests.Cli;

namespace Lake.Tests.Query;

public sealed class DdlDescribesTheShopPipeline
{
    private static string TableOf(string ddl, string table)
    {
        var start = ddl.IndexOf($"EXISTS `{table}` (", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no table {table} in:\n{ddl}");
        var end = ddl.IndexOf(";\n", start, StringComparison.Ordinal);
        return ddl[ddl.LastIndexOf("CREATE", start, StringComparison.Ordinal)..end];
    }

    [Fact]
    public void Athena_tables_have_the_contracted_columns_and_dt_partition_projection()
    {
        var outcome = LakeCli.InProcess("ddl", "athena", "--pipeline", Repo.Pipeline("shop"), "--location", "s3://my-bucket/lake/");

        Assert.Equal(0, outcome.ExitCode);
        var orders = TableOf(outcome.Out, "order_placed");
        Assert.Contains(
            """
            CREATE EXTERNAL TABLE IF NOT EXISTS `order_placed` (
              `event_id` STRING,
              `event_version` INT,
              `occurred_at` TIMESTAMP,
              `recorded_at` TIMESTAMP,
              `producer` STRING,
              `aggregate_id` STRING,
              `source` STRING,
              `source_partition` INT,
              `source_offset` BIGINT,
              `order_id` STRING,
              `customer_id` STRING,
              `billing_address` STRUCT<line1:STRING,city:STRING,zip:STRING>,
              `shipping_address` STRUCT<line1:STRING,city:STRING,zip:STRING>,
              `items` ARRAY<STRUCT<sku:STRING,quantity:INT,unit_price:DECIMAL(18,2)>>,
              `total` DECIMAL(18,2),
              `currency` STRING
            )
            PARTITIONED BY (`dt` string)
            STORED AS PARQUET
            LOCATION 's3://my-bucket/lake/events/event_type=order_placed/'
            """.ReplaceLineEndings("\n"), orders, StringComparison.Ordinal);
        Assert.Contains("'projection.enabled' = 'true'", orders, StringComparison.Ordinal);
        Assert.Contains("'projection.dt.type' = 'date'", orders, StringComparison.Ordinal);
        Assert.Contains("'projection.dt.format' = 'yyyy-MM-dd'", orders, StringComparison.Ordinal);
        Assert.Contains("'projection.dt.range' = '2000-01-01,NOW'", orders, StringComparison.Ordinal);
        Assert.Contains("'projection.dt.interval' = '1'", orders, StringComparison.Ordinal);
        Assert.Contains("'projection.dt.interval.unit' = 'DAYS'", orders, StringComparison.Ordinal);
        Assert.Contains("'storage.location.template' = 's3://my-bucket/lake/events/event_type=order_placed/dt=${dt}/'", orders, StringComparison.Ordinal);
        Assert.Contains("`payload` BINARY", TableOf(outcome.Out, "raw"), StringComparison.Ordinal);
        Assert.Contains("`reason` STRING", TableOf(outcome.Out, "quarantine"), StringComparison.Ordinal);
        var curated = PipelineLoader.Load(Repo.Pipeline("shop")).Catalog.CuratedTypes;
        Assert.Equal(curated.Count + 2, outcome.Out.Split("CREATE EXTERNAL TABLE").Length - 1);
        Assert.All(curated, t => Assert.Contains($"EXISTS `{t.Name}` (", outcome.Out, StringComparison.Ordinal));
    }

    [Fact]
    public void Spark_tables_use_parquet_with_dt_as_a_string_partition_column()
    {
        var outcome = LakeCli.InProcess("ddl", "spark", "--pipeline", Repo.Pipeline("shop"), "--location", "s3://my-bucket/lake");

        Assert.Equal(0, outcome.ExitCode);
        var orders = TableOf(outcome.Out, "order_placed");
        Assert.Contains("`items` ARRAY<STRUCT<sku:STRING,quantity:INT,unit_price:DECIMAL(18,2)>>,", orders, StringComparison.Ordinal);
        Assert.Contains("`currency` STRING,\n  `dt` STRING\n)\nUSING parquet\nPARTITIONED BY (`dt`)\nLOCATION 's3://my-bucket/lake/events/event_type=order_placed/'", orders, StringComparison.Ordinal);
        Assert.Contains("MSCK REPAIR TABLE `order_placed`;", outcome.Out, StringComparison.Ordinal);
        Assert.Contains("PARTITIONED BY (`source`, `dt`)", TableOf(outcome.Out, "raw"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/tmp/lake")]
    [InlineData("https://my-bucket.s3.amazonaws.com/lake")]
    [InlineData("s3://")]
    [InlineData("s3://bucket/it's")]
    public void A_location_that_is_not_an_s3_uri_is_rejected(string location)
    {
        var outcome = LakeCli.InProcess("ddl", "athena", "--pipeline", Repo.Pipeline("shop"), "--location", location);

        Assert.Equal(2, outcome.ExitCode);
        Assert.StartsWith("lake: --location", outcome.Err, StringComparison.Ordinal);
        Assert.Equal("", outcome.Out);
    }
}

using Apache.Arrow.Types;
using Lake.Client;
using Lake.Projections.Snapshots;
using Lake.Storage;
using Lake.Tests.Lake;

namespace Lake.Tests.Projections;

/// <summary>The data scientists' path: a snapshot opened as a DataFrame or as Arrow batches holds what DuckDB reads from the file.</summary>
public sealed class ClientTests(BankProjectionLake bank) : IClassFixture<BankProjectionLake>
{
    private static readonly DateTime AsOf = new(2026, 3, 15, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime KnownAt = new(2026, 3, 16, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task A_DataFrame_opened_as_of_a_time_has_the_snapshot_rows_and_typed_columns_decimal_included()
    {
        var client = new SnapshotClient(bank.Pipeline, new LocalFolderStore(bank.Lake));
        var frame = await client.ReadDataFrameAsync("account_balance", AsOf, KnownAt, TestContext.Current.CancellationToken);
        // Built when missing: the snapshot is now in the lake, where DuckDB reads it independently.
        var file = Path.Combine(bank.Lake, SnapshotPaths.Snapshot("account_balance", AsOf, KnownAt));
        Assert.True(File.Exists(file));

        Assert.Equal(
            ["account_id", "owner_name", "currency", "balance", "status", "opened_at", "last_event_at", "event_count"],
            frame.Columns.Select(c => c.Name));
        Assert.Equal(
            [typeof(string), typeof(string), typeof(string), typeof(decimal), typeof(string), typeof(DateTime), typeof(DateTime), typeof(long)],
            frame.Columns.Select(c => c.DataType));

        using var duck = new Duck();
        var expected = duck.Rows($"SELECT * FROM read_parquet('{file}', hive_partitioning = false) ORDER BY account_id");
        Assert.True(expected.Count > 100);
        Assert.Equal(expected.Count, frame.Rows.Count);
        for (var r = 0; r < expected.Count; r++)
        {
            Assert.Equal(expected[r].Select(Projections.Normal), frame.Rows[r].Select(Projections.Normal));
        }
        Assert.Contains(frame.Rows, row => row[3] is decimal d && d != decimal.Truncate(d));
    }

    [Fact]
    public async Task Arrow_batches_keep_decimal128_and_utc_microsecond_timestamps_and_cover_every_row()
    {
        var client = new SnapshotClient(bank.Pipeline, new LocalFolderStore(bank.Lake));
        long rows = 0;
        await foreach (var batch in client.ReadBatchesAsync("account_balance", AsOf, KnownAt, TestContext.Current.CancellationToken))
        {
            using (batch)
            {
                rows += batch.Length;
                var balance = Assert.IsType<Decimal128Type>(batch.Schema.GetFieldByName("balance").DataType);
                Assert.Equal((18, 2), (balance.Precision, balance.Scale));
                var opened = Assert.IsType<TimestampType>(batch.Schema.GetFieldByName("opened_at").DataType);
                Assert.Equal(TimeUnit.Microsecond, opened.Unit);
                Assert.Equal("UTC", opened.Timezone);
            }
        }
        var file = Path.Combine(bank.Lake, SnapshotPaths.Snapshot("account_balance", AsOf, KnownAt));
        using var duck = new Duck();
        Assert.Equal(duck.Scalar<long>($"SELECT count(*) FROM read_parquet('{file}', hive_partitioning = false)"), rows);
    }
}

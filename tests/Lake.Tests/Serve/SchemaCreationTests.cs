using Hangfire;
using Lake.Serve;

namespace Lake.Tests.Serve;

/// <summary>Several servers started at once on an empty PostgreSQL database: each gets a working job storage.</summary>
[Collection(ServeCollection.Name)]
public class SchemaCreationTests
{
    [Fact]
    public async Task Servers_opening_an_empty_database_at_the_same_moment_all_get_a_working_storage()
    {
        using var postgres = new ThrowawayPostgres();
        using var start = new Barrier(4);
        var opened = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Factory.StartNew(() =>
        {
            start.SignalAndWait();
            return JobStorages.Open(postgres.ConnectionString, TimeSpan.FromSeconds(1));
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)));

        // Each storage reads and writes the schema: a half-made schema shows as a failed query here.
        foreach (var storage in opened)
        {
            using var connection = storage.GetConnection();
            connection.SetRangeInHash("lake-schema-test", [new("server", storage.GetHashCode().ToString(System.Globalization.CultureInfo.InvariantCulture))]);
            Assert.NotNull(connection.GetAllEntriesFromHash("lake-schema-test"));
        }
        Assert.Equal(0L, opened[0].GetMonitoringApi().EnqueuedCount("default"));
    }
}

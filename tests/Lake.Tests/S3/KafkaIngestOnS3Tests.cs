using Lake.Ingest;
using Lake.Kafka;
using Lake.S3;
using Lake.Storage;
using Lake.Tests.Kafka;

namespace Lake.Tests.S3;

/// <summary>The Kafka path on S3: a consumer-group member ingests the produced history into an S3 lake exactly once, through faults.</summary>
public sealed class KafkaIngestOnS3Tests(S3Server server)
{
    [Fact]
    public async Task A_member_ingests_the_produced_history_into_s3_exactly_once_while_a_fifth_of_s3_requests_fail()
    {
        using var history = new KafkaHistory("shop", 6000, 21);
        var faults = new FaultyHttp(seed: 99, rate: 0.2);
        using var store = new S3LakeStore(server.Options(server.NewBucket(), "kafka") with { HttpClientFactory = faults });

        var summary = new KafkaIngestor(history.Pipeline.Catalog, store, history.Consumer("g-s3")).Run();

        Assert.Equal(history.Reference.Records, summary.Records);
        Assert.True(faults.Faults > 20, $"{faults.Faults} faults in {faults.Requests} requests");
        var report = await LakeVerifier.VerifyAsync(store);
        Assert.True(report.IsClean, string.Join("\n", report.Violations));
        Assert.Empty(report.Uncommitted);
        // The whole lake, commit log included, copied to a folder, where DuckDB and the folder verifier can read it.
        var copy = history.NewLake("copy-of-s3");
        var local = new LocalFolderStore(copy);
        await foreach (var o in store.ListAsync("")) await local.PutAsync(o.Key, (await store.ReadAsync(o.Key))!);
        history.AssertExactlyOnce(copy);
    }
}

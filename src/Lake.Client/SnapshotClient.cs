using Lake.Parquet;
using System.Runtime.CompilerServices;
using Apache.Arrow;
using Lake.Pipelines;
using Lake.Projections;
using Lake.Projections.Rebuild;
using Lake.Projections.Snapshots;
using Lake.Storage;
using Microsoft.Data.Analysis;
using ParquetSharp.Arrow;

namespace Lake.Client;

/// <summary>
/// Opens a pipeline's projection snapshots for analysis: as a <see cref="DataFrame"/> or as a stream of Arrow record batches, as of
/// an event time and optionally a known-at time, building (and storing) the snapshot when it is missing.
/// </summary>
public sealed class SnapshotClient
{
    /// <summary>A client for the pipeline folder's projections over <paramref name="lakeFolder"/> (default: the pipeline's 'lake', relative to the current folder as on the command line).</summary>
    public SnapshotClient(string pipelineFolder, string? lakeFolder = null)
        : this(PipelineLoader.Load(pipelineFolder), null, lakeFolder) { }

    /// <summary>A client over any lake store (a local folder, or S3 once that store exists).</summary>
    public SnapshotClient(PipelineDefinition pipeline, ILakeStore? store, string? lakeFolder = null)
    {
        Pipeline = pipeline;
        Store = store ?? new LocalFolderStore(lakeFolder ?? pipeline.Lake);
    }

    public PipelineDefinition Pipeline { get; }
    public ILakeStore Store { get; }

    /// <summary>
    /// The snapshot's key in the lake. With a known-at time the answer can never change, so a stored snapshot is reused; without one
    /// ("everything known") the lake may have grown since, so it is rebuilt (from the best equivalent checkpoint) and stored again.
    /// </summary>
    public async Task<string> EnsureSnapshotAsync(string projection, DateTime asOf, DateTime? knownAt = null, CancellationToken ct = default)
    {
        asOf = Utc(asOf);
        knownAt = knownAt is { } k ? Utc(k) : null;
        var key = SnapshotPaths.Snapshot(projection, asOf, knownAt);
        if (knownAt is not null && await Store.StatAsync(key, ct).ConfigureAwait(false) is not null) return key;
        var loaded = ProjectionLoader.Find(Pipeline, projection);
        using var result = await new ProjectionRebuilder(Store, loaded).RebuildAsync(new RebuildRequest(asOf, knownAt), null, ct).ConfigureAwait(false);
        await new CheckpointStore(Store).StoreSnapshotAsync(result, key, checkpoint: false, ct).ConfigureAwait(false);
        return key;
    }

    /// <summary>
    /// The snapshot's record batches as Arrow reads the Parquet file: decimals stay decimal128, timestamps timestamp[us, UTC].
    /// </summary>
    public async IAsyncEnumerable<RecordBatch> ReadBatchesAsync(string projection, DateTime asOf, DateTime? knownAt = null, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var key = await EnsureSnapshotAsync(projection, asOf, knownAt, ct).ConfigureAwait(false);
        var bytes = await Store.ReadAsync(key, ct).ConfigureAwait(false) ?? throw new FileNotFoundException($"snapshot '{key}' vanished from the lake {Store.Location}");
        using var file = ArrowFile.Open(bytes);
        using var batches = file.Reader.GetRecordBatchReader();
        while (await batches.ReadNextRecordBatchAsync(ct).ConfigureAwait(false) is { } batch) yield return batch;
    }

    /// <summary>
    /// The snapshot as a <see cref="DataFrame"/>. DataFrame cannot hold Arrow decimal128, so decimal columns become
    /// <see cref="DecimalDataFrameColumn"/> (System.Decimal, exact for precision up to 28); strings become
    /// <see cref="StringDataFrameColumn"/> (groupable), timestamps <see cref="DateTimeDataFrameColumn"/> in UTC.
    /// </summary>
    public async Task<DataFrame> ReadDataFrameAsync(string projection, DateTime asOf, DateTime? knownAt = null, CancellationToken ct = default)
    {
        var batches = new List<RecordBatch>();
        try
        {
            await foreach (var b in ReadBatchesAsync(projection, asOf, knownAt, ct).ConfigureAwait(false)) batches.Add(b);
            var loaded = ProjectionLoader.Find(Pipeline, projection).Projection;
            return DataFrames.From(loaded, batches);
        }
        finally
        {
            foreach (var b in batches) b.Dispose();
        }
    }

    private static DateTime Utc(DateTime t) => t.Kind switch
    {
        DateTimeKind.Utc => t,
        DateTimeKind.Local => t.ToUniversalTime(),
        _ => throw new ArgumentException("pass UTC times (DateTimeKind.Utc): an unspecified time is ambiguous", nameof(t)),
    };
}

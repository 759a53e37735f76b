using System.Text.Json;
using Lake.Storage;

namespace Lake.Ingest;

/// <summary>Rewrite records at <c>_lake/rewrites/&lt;sequence&gt;-&lt;writer&gt;.json</c>, applied in sequence order over the commit log's files.</summary>
public sealed class RewriteLog(ILakeStore store)
{
    private const string Root = LakePaths.State + "/rewrites/";

    public ILakeStore Store { get; } = store;

    public static string RecordKey(RewriteRecord r) => Root + $"{r.Sequence:D10}-{r.Writer}.json";

    /// <summary>Every rewrite record, in the order they apply: sequence, then writer.</summary>
    public async Task<IReadOnlyList<RewriteRecord>> ReadAllAsync(CancellationToken ct = default) =>
        (await new CommitLog(Store).ReadJsonAsync<RewriteRecord>(Root, ct).ConfigureAwait(false))
        .Select(r => r.Value).OrderBy(r => r.Sequence).ThenBy(r => r.Writer, StringComparer.Ordinal).ToList();

    public Task WriteAsync(RewriteRecord record, CancellationToken ct = default) =>
        Store.PutAsync(RecordKey(record), JsonSerializer.SerializeToUtf8Bytes(record, CommitLog.Json), ct);

    public Task DeleteAsync(RewriteRecord record, CancellationToken ct = default) => Store.DeleteAsync(RecordKey(record), ct);
}

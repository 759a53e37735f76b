using System.Globalization;
using System.Text.Json;
using Lake.Storage;

namespace Lake.Ingest;

/// <summary>
/// The lake's commit log in its store: claims at <c>_lake/claims/source=&lt;s&gt;/p&lt;n&gt;/</c> and one JSON record per committed
/// offset range at <c>_lake/commits/source=&lt;s&gt;/p&lt;n&gt;/&lt;first&gt;-e&lt;epoch&gt;-&lt;writer&gt;.json</c>. It needs no
/// conditional write or rename from the store: writers fence each other through claims (see docs/ARCHITECTURE.md).
/// </summary>
public sealed class CommitLog(ILakeStore store)
{
    internal static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
    private const string Commits = LakePaths.State + "/commits/";
    private const string ClaimsRoot = LakePaths.State + "/claims/";

    /// <summary>The commit log of a lake in a local folder.</summary>
    public CommitLog(string lakeFolder) : this(new LocalFolderStore(lakeFolder)) { }

    public ILakeStore Store { get; } = store;

    private static string PartitionDir(string source, int partition) => $"source={source}/p{partition.ToString(CultureInfo.InvariantCulture)}/";

    public static string RecordKey(CommitRecord r) =>
        Commits + PartitionDir(r.Source, r.Partition) + $"{r.FirstOffset:D20}-e{r.Epoch:D10}-{r.Writer}.json";

    private static string ClaimKey(string source, int partition, PartitionClaim c) =>
        ClaimsRoot + PartitionDir(source, partition) + $"{c.Epoch:D10}-{c.Writer}.json";

    /// <summary>A writer name usable in a key: the same characters as a source name.</summary>
    public static string WriterName(string name) => LakePaths.SanitizeSource(name);

    public async Task<PartitionHistory> ReadAsync(string source, int partition, CancellationToken ct = default)
    {
        var claims = await ReadClaimsAsync(source, partition, ct).ConfigureAwait(false);
        var records = await ReadJsonAsync<CommitRecord>(Commits + PartitionDir(source, partition), ct).ConfigureAwait(false);
        return new PartitionHistory(source, partition, claims, records.Select(r => r.Value).ToList());
    }

    /// <summary>Every source partition's history, ordered by source and partition.</summary>
    public async Task<IReadOnlyList<PartitionHistory>> ReadAllAsync(CancellationToken ct = default)
    {
        var claims = await ReadJsonAsync<PartitionClaim>(ClaimsRoot, ct).ConfigureAwait(false);
        var records = await ReadJsonAsync<CommitRecord>(Commits, ct).ConfigureAwait(false);
        var claimsBy = claims.GroupBy(c => PartitionOf(c.Key, ClaimsRoot)).ToDictionary(g => g.Key, g => g.Select(c => c.Value).ToList());
        var recordsBy = records.GroupBy(r => (r.Value.Source, r.Value.Partition)).ToDictionary(g => g.Key, g => g.Select(r => r.Value).ToList());
        return claimsBy.Keys.Union(recordsBy.Keys)
            .OrderBy(k => k.Source, StringComparer.Ordinal).ThenBy(k => k.Partition)
            .Select(k => new PartitionHistory(k.Source, k.Partition, claimsBy.GetValueOrDefault(k) ?? [], recordsBy.GetValueOrDefault(k) ?? []))
            .ToList();
    }

    /// <summary>The valid records of every source partition: what the lake holds.</summary>
    public async Task<IReadOnlyList<CommitRecord>> ReadCommittedAsync(CancellationToken ct = default) =>
        (await ReadAllAsync(ct).ConfigureAwait(false)).SelectMany(h => h.Valid).ToList();

    /// <summary>Synchronous <see cref="ReadCommittedAsync"/> for tests and tools.</summary>
    public IReadOnlyList<CommitRecord> ReadAll() => ReadCommittedAsync().GetAwaiter().GetResult();

    /// <summary>Synchronous view of one partition's valid records.</summary>
    public IReadOnlyList<CommitRecord> Read(string source, int partition) => ReadAsync(source, partition).GetAwaiter().GetResult().Valid;

    /// <summary>
    /// Claims a source partition for <paramref name="writer"/>: a new epoch above every existing claim, resuming where the
    /// valid history ends (or at <paramref name="startAt"/> when the partition has no history yet).
    /// </summary>
    public async Task<(PartitionLease Lease, PartitionHistory History)> ClaimAsync(string source, int partition, string writer, long startAt = 0, CancellationToken ct = default)
    {
        var history = await ReadAsync(source, partition, ct).ConfigureAwait(false);
        var epoch = (history.Newest?.Epoch ?? 0) + 1;
        var resume = history.Valid.Count == 0 && history.Claims.Count == 0 ? startAt : history.End;
        var claim = new PartitionClaim(epoch, WriterName(writer), resume);
        await Store.PutAsync(ClaimKey(source, partition, claim), JsonSerializer.SerializeToUtf8Bytes(claim, Json), ct).ConfigureAwait(false);
        return (new PartitionLease(source, partition, claim.Epoch, claim.Writer, resume), history);
    }

    /// <summary>
    /// Writes a record under a lease. Refused with <see cref="CommitConflictException"/> when a newer claim fenced the lease before
    /// the record was written, or when one made it invalid while it was written (the record is then deleted again).
    /// </summary>
    public async Task<CommitOutcome> CommitAsync(PartitionLease lease, CommitRecord record, CancellationToken ct = default)
    {
        if (record.Epoch != lease.Epoch || record.Writer != lease.Writer || record.Source != lease.Source || record.Partition != lease.Partition)
            throw new ArgumentException("a record must carry the source, partition, epoch and writer of the lease it is committed under", nameof(record));
        // Only claims decide whether a record stands, so a commit reads the (few) claims, never the partition's whole history.
        var before = await ReadClaimsAsync(lease.Source, lease.Partition, ct).ConfigureAwait(false);
        if (before.Any(c => c.CompareTo(lease.Epoch, lease.Writer) > 0)) throw new CommitConflictException(lease.Source, lease.Partition, record.FirstOffset);
        var key = RecordKey(record);
        await Store.PutAsync(key, JsonSerializer.SerializeToUtf8Bytes(record, Json), ct).ConfigureAwait(false);
        // A claim made while the record was in flight decides: it either saw the record (then it stands) or resumed before it.
        var newer = (await ReadClaimsAsync(lease.Source, lease.Partition, ct).ConfigureAwait(false)).Where(c => c.CompareTo(lease.Epoch, lease.Writer) > 0).ToList();
        if (newer.Count == 0) return CommitOutcome.Committed;
        if (newer.All(c => c.ResumeFrom > record.LastOffset)) return CommitOutcome.CommittedThenFenced;
        await Store.DeleteAsync(key, ct).ConfigureAwait(false);
        throw new CommitConflictException(lease.Source, lease.Partition, record.FirstOffset);
    }

    private async Task<List<PartitionClaim>> ReadClaimsAsync(string source, int partition, CancellationToken ct) =>
        (await ReadJsonAsync<PartitionClaim>(ClaimsRoot + PartitionDir(source, partition), ct).ConfigureAwait(false)).Select(c => c.Value).ToList();

    /// <summary>Removes an invalid record (its files are removed by recovery first).</summary>
    public Task DeleteAsync(CommitRecord record, CancellationToken ct = default) => Store.DeleteAsync(RecordKey(record), ct);

    private static (string Source, int Partition) PartitionOf(string key, string root)
    {
        var parts = key[root.Length..].Split('/');
        return (parts[0]["source=".Length..], int.Parse(parts[1].AsSpan(1), CultureInfo.InvariantCulture));
    }

    internal async Task<List<(string Key, T Value)>> ReadJsonAsync<T>(string prefix, CancellationToken ct)
    {
        var found = new List<(string, T)>();
        await foreach (var o in Store.ListAsync(prefix, ct).ConfigureAwait(false))
        {
            if (!o.Key.EndsWith(".json", StringComparison.Ordinal) || o.Key[(o.Key.LastIndexOf('/') + 1)..].StartsWith('.')) continue;
            var bytes = await Store.ReadAsync(o.Key, ct).ConfigureAwait(false);
            if (bytes is null) continue; // deleted between the listing and the read
            found.Add((o.Key, JsonSerializer.Deserialize<T>(bytes, Json)!));
        }
        return found;
    }
}

using Lake.Core.Catalog;
using Lake.Core.Schema;
using Lake.Core.Upcasting;
using Lake.Parquet;
using Lake.Storage;

namespace Lake.Ingest;

/// <summary>
/// What every commit unit of one ingest shares: the store and commit log, the upcaster, the memory budget across all open
/// partitions, the writer slots, and the summary. Sources (files, Kafka) open one <see cref="CommitUnit"/> per source partition.
/// </summary>
public sealed class LakeWriter
{
    private readonly Dictionary<string, TableSchema> _curatedSchemas = new(StringComparer.Ordinal);
    private readonly EventCatalog _catalog;

    public LakeWriter(EventCatalog catalog, ILakeStore store, IngestOptions options, IngestSummary summary)
        : this(catalog, store, options, summary, new WriteGate(64L << 20, 8)) { }

    private LakeWriter(EventCatalog catalog, ILakeStore store, IngestOptions options, IngestSummary summary, WriteGate writes)
    {
        _catalog = catalog;
        Writes = writes;
        Upcaster = new Upcaster(catalog);
        CatalogFingerprint = catalog.Fingerprint;
        Store = store;
        Log = new CommitLog(store);
        Options = options;
        Summary = summary;
        Budget = new WriteBudget(options.MemoryBudgetBytes);
    }

    public ILakeStore Store { get; }
    public CommitLog Log { get; }
    public IngestOptions Options { get; }
    public IngestSummary Summary { get; }
    internal Upcaster Upcaster { get; }
    internal string CatalogFingerprint { get; }
    internal WriteBudget Budget { get; }
    /// <summary>Files being written hold at most 64 MiB of rows (or one file alone) and are at most 8 at once.</summary>
    internal WriteGate Writes { get; }

    /// <summary>
    /// Another writer of the same ingest, for a thread of its own (a lane of a Kafka member): its own upcaster, memory budget and
    /// summary, sharing this writer's bound on the files being written at once.
    /// </summary>
    public LakeWriter Sibling(IngestOptions options, IngestSummary summary) => new(_catalog, Store, options, summary, Writes);

    /// <summary>Opens the commit unit that writes a source partition under <paramref name="lease"/>.</summary>
    public CommitUnit Open(PartitionLease lease, string? sourceIdentity = null) => new(this, lease, sourceIdentity);

    internal TableSchema CuratedSchema(EventTypeSchema type)
    {
        lock (_curatedSchemas)
        {
            if (!_curatedSchemas.TryGetValue(type.Name, out var schema)) _curatedSchemas[type.Name] = schema = LakeSchemas.Curated(type);
            return schema;
        }
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using DuckDB.NET.Data;
using Lake.Core.Catalog;
using Lake.Ingest;
using Lake.Storage;

namespace Lake.Maintenance;

/// <summary>
/// Upcasts the raw records of a recorded_at range again with the pipeline's current catalog (after an upcaster fix) and
/// swaps the result into the lake: the curated and quarantine files holding those records are replaced by files without
/// them, plus the newly upcast rows, in one rewrite record. Raw files and commit records are never touched.
/// </summary>
public sealed class LakeReplayer(EventCatalog catalog, ILakeStore store, ReplayOptions options)
{
    internal const string OutputPrefix = "replayed-";

    /// <summary>Progress lines.</summary>
    public Action<string>? Log { get; init; }

    /// <summary>The wall clock used for the minimum age (tests move it).</summary>
    public Func<DateTime> UtcNow { get; init; } = () => DateTime.UtcNow;

    public async Task<ReplaySummary> RunAsync(CancellationToken ct = default)
    {
        if (options.To <= options.From) throw new ArgumentException($"the replay range [{options.From:O}, {options.To:O}) is empty: --to must be after --from");
        var clock = Stopwatch.StartNew();
        var summary = new ReplaySummary();
        var contents = await LakeContents.ReadAsync(store, ct).ConfigureAwait(false);
        if (await RewriteCleanup.CleanAsync(store, contents, RewriteCleanup.OutputPrefixes, ct).ConfigureAwait(false) > 0)
            contents = await LakeContents.ReadAsync(store, ct).ConfigureAwait(false);
        var work = Path.Combine(options.WorkFolder ?? Path.GetTempPath(), "lake-replay-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        using var duck = new DuckDBConnection("Data Source=:memory:");
        duck.Open();
        Execute(duck, "SET threads = 1; SET TimeZone = 'UTC'; SET preserve_insertion_order = true");
        try
        {
            var first = DateOnly.FromDateTime(options.From);
            var last = DateOnly.FromDateTime(options.To.AddTicks(-1));
            var raw = contents.Live.Values.Where(f => f.Zone == LakePaths.Raw && LakePaths.DayOf(f.Path) is { } d && d >= first && d <= last).ToList();
            if (raw.Count == 0)
            {
                Log?.Invoke("no raw records in the range: nothing to replay");
                summary.Unchanged = true;
                return summary;
            }
            await CheckSettledAsync(raw, ct).ConfigureAwait(false);
            var rawLocal = await DownloadAllAsync(raw, work, "raw", ct).ConfigureAwait(false);
            Execute(duck, $"""
                CREATE TABLE replayed AS
                SELECT source, source_partition, source_offset, recorded_at, occurred_at, payload
                FROM read_parquet([{string.Join(", ", rawLocal.Select(LocalCopies.Quote))}], hive_partitioning = false)
                WHERE recorded_at >= {Timestamp(options.From)} AND recorded_at < {Timestamp(options.To)}
                """);
            summary.Records = Scalar(duck, "SELECT count(*) FROM replayed");
            if (summary.Records == 0)
            {
                summary.Unchanged = true;
                return summary;
            }
            Log?.Invoke($"upcasting {summary.Records:N0} raw record(s) again");
            var scratch = Path.Combine(work, "scratch");
            var scratchStore = new LocalFolderStore(scratch);
            var upcast = await UpcastAsync(duck, scratchStore, ct).ConfigureAwait(false);
            summary.Curated = upcast.Curated;
            summary.Quarantined = upcast.Quarantined;
            summary.QuarantinedByReason = new Dictionary<string, long>(upcast.QuarantinedByReason);

            // The old rows of the replayed records sit in curated partitions of their occurred_at day and quarantine
            // partitions of their recorded_at day.
            var eventDays = Days(duck, "SELECT DISTINCT strftime(occurred_at, '%Y-%m-%d') FROM replayed WHERE occurred_at IS NOT NULL");
            var quarantineDays = Days(duck, "SELECT DISTINCT strftime(recorded_at, '%Y-%m-%d') FROM replayed");
            var candidates = contents.Live.Values.Where(f =>
                (f.Zone == LakePaths.Events && LakePaths.DayOf(f.Path) is { } e && eventDays.Contains(e)) || (f.Zone == LakePaths.Quarantine && LakePaths.DayOf(f.Path) is { } q && quarantineDays.Contains(q))).ToList();
            await CheckSettledAsync(candidates, ct).ConfigureAwait(false);
            var inputs = new List<CommittedFile>();
            var outputs = new List<(CommittedFile File, string Local)>();
            var candidateLocal = await DownloadAllAsync(candidates, work, "old", ct).ConfigureAwait(false);
            foreach (var (file, local) in candidates.Zip(candidateLocal))
            {
                const string replayedRow = "EXISTS (SELECT 1 FROM replayed p WHERE p.source = r.source AND p.source_partition = r.source_partition AND p.source_offset = r.source_offset)";
                var hit = Scalar(duck, $"SELECT count(*) FROM read_parquet({LocalCopies.Quote(local)}) r WHERE {replayedRow}");
                if (hit == 0) continue;
                inputs.Add(file);
                if (hit == file.Rows) continue;
                var kept = local + ".kept.parquet";
                Execute(duck, $"COPY (SELECT * FROM read_parquet({LocalCopies.Quote(local)}) r WHERE NOT {replayedRow}) TO {LocalCopies.Quote(kept)} (FORMAT parquet, COMPRESSION zstd)");
                outputs.Add((Describe(LakePaths.DirectoryOf(file.Path), file.Zone, kept, file.Rows - hit), kept));
            }
            foreach (var f in upcast.Live.Values.Where(f => f.Zone is LakePaths.Events or LakePaths.Quarantine))
            {
                var local = Path.Combine(scratch, f.Path);
                outputs.Add((Describe(LakePaths.DirectoryOf(f.Path), f.Zone, local, f.Rows), local));
            }
            await SwapAsync(contents.NextSequence, inputs, outputs, summary, ct).ConfigureAwait(false);
        }
        finally
        {
            try { Directory.Delete(work, recursive: true); } catch (IOException) { }
            summary.Elapsed = clock.Elapsed;
        }
        return summary;
    }

    /// <summary>Runs the replayed records through the ingest path into a scratch lake, keeping their coordinates and recorded_at.</summary>
    private async Task<(long Curated, long Quarantined, IReadOnlyDictionary<string, long> QuarantinedByReason, IReadOnlyDictionary<string, CommittedFile> Live)> UpcastAsync(
        DuckDBConnection duck, LocalFolderStore scratch, CancellationToken ct)
    {
        var ingest = new IngestSummary();
        var writer = new LakeWriter(catalog, scratch, new IngestOptions(), ingest);
        using var command = duck.CreateCommand();
        command.CommandText = "SELECT source, source_partition, source_offset, recorded_at, payload FROM replayed ORDER BY source, source_partition, source_offset";
        using var reader = command.ExecuteReader();
        CommitUnit? unit = null;
        while (reader.Read())
        {
            ct.ThrowIfCancellationRequested();
            var source = reader.GetString(0);
            var partition = reader.GetInt32(1);
            var offset = reader.GetInt64(2);
            var recorded = DateTime.SpecifyKind(reader.GetDateTime(3), DateTimeKind.Utc);
            byte[] payload;
            // DuckDB.NET hands a BLOB out as a stream over its own memory, valid only while the reader is on this row.
            using (var blob = reader.GetStream(4))
            using (var copy = new MemoryStream())
            {
                blob.CopyTo(copy);
                payload = copy.ToArray();
            }
            if (unit is null || unit.Lease.Source != source || unit.Lease.Partition != partition)
            {
                Finish(unit);
                var (lease, _) = await writer.Log.ClaimAsync(source, partition, options.Writer, offset, ct).ConfigureAwait(false);
                unit = writer.Open(lease);
            }
            unit.Begin(offset);
            unit.Add(payload, offset, recorded);
            unit.End(offset);
        }
        Finish(unit);
        ingest.Publish();
        var live = (await LakeContents.ReadAsync(scratch, ct).ConfigureAwait(false)).Live;
        return (ingest.Curated, ingest.Quarantined, ingest.QuarantinedByReason, live);

        static void Finish(CommitUnit? unit)
        {
            if (unit is null) return;
            unit.Commit();
            unit.Close();
        }
    }

    /// <summary>
    /// Uploads the outputs, writes the rewrite record (the switch) and deletes the inputs. Outputs are named by content, so a
    /// replay that changes nothing produces exactly the live files and writes nothing.
    /// </summary>
    private async Task SwapAsync(long sequence, List<CommittedFile> inputs, List<(CommittedFile File, string Local)> outputs, ReplaySummary summary, CancellationToken ct)
    {
        var inputKeys = inputs.ToDictionary(f => f.Path, f => f.Sha256, StringComparer.Ordinal);
        if (outputs.Count == inputs.Count && outputs.All(o => inputKeys.TryGetValue(o.File.Path, out var sha) && sha == o.File.Sha256))
        {
            Log?.Invoke("the replay gives exactly the files already in the lake: nothing to swap");
            summary.Unchanged = true;
            return;
        }
        var uploaded = new List<CommittedFile>();
        foreach (var (file, local) in outputs.OrderBy(o => o.File.Path, StringComparer.Ordinal))
        {
            if (inputKeys.TryGetValue(file.Path, out var sha) && sha == file.Sha256) uploaded.Add(file);
            else uploaded.Add(await LocalCopies.UploadAsync(store, local, file.Path, file.Zone, file.Rows, ct).ConfigureAwait(false));
        }
        var record = new RewriteRecord
        {
            Sequence = sequence,
            Writer = CommitLog.WriterName(options.Writer),
            Kind = "replay",
            Directory = $"recorded_at [{options.From:O}, {options.To:O})",
            Inputs = [.. inputs.OrderBy(f => f.Path, StringComparer.Ordinal).Select(f => new RewriteInput(f.Path, f.Sha256, f.Rows))],
            Outputs = uploaded,
        };
        await new RewriteLog(store).WriteAsync(record, ct).ConfigureAwait(false);
        var kept = uploaded.Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
        foreach (var f in inputs.Where(f => !kept.Contains(f.Path))) await store.DeleteAsync(f.Path, ct).ConfigureAwait(false);
        summary.FilesReplaced = inputs.Count;
        summary.FilesWritten = uploaded.Count;
        Log?.Invoke($"replaced {inputs.Count} file(s) with {uploaded.Count}");
    }

    private static CommittedFile Describe(string directory, string zone, string local, long rows)
    {
        using var stream = File.OpenRead(local);
        var sha = Convert.ToHexStringLower(SHA256.HashData(stream));
        return new CommittedFile($"{directory}/{OutputPrefix}{sha[..16]}.parquet", zone, rows, stream.Length, sha, null);
    }

    private async Task CheckSettledAsync(IEnumerable<CommittedFile> files, CancellationToken ct)
    {
        if (options.MinAge <= TimeSpan.Zero) return;
        var settled = UtcNow() - options.MinAge;
        foreach (var f in files)
        {
            if (await store.StatAsync(f.Path, ct).ConfigureAwait(false) is { Modified: { } m } && m <= settled) continue;
            throw new InvalidOperationException($"{f.Path} was written less than {options.MinAge} ago (or is missing); replay a range whose files have settled, or lower the minimum age");
        }
    }

    private async Task<List<string>> DownloadAllAsync(List<CommittedFile> files, string work, string name, CancellationToken ct)
    {
        var paths = new List<string>();
        foreach (var f in files)
        {
            var path = Path.Combine(work, $"{name}-{paths.Count:D6}.parquet");
            await LocalCopies.DownloadAsync(store, f, path, ct).ConfigureAwait(false);
            paths.Add(path);
        }
        return paths;
    }

    private static string Timestamp(DateTime utc) => $"TIMESTAMPTZ '{utc.ToUniversalTime():yyyy-MM-dd HH:mm:ss.ffffff}+00'";

    private static void Execute(DuckDBConnection duck, string sql)
    {
        using var command = duck.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static long Scalar(DuckDBConnection duck, string sql)
    {
        using var command = duck.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static HashSet<DateOnly> Days(DuckDBConnection duck, string sql)
    {
        using var command = duck.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var values = new HashSet<DateOnly>();
        while (reader.Read()) values.Add(DateOnly.ParseExact(reader.GetString(0), "yyyy-MM-dd", CultureInfo.InvariantCulture));
        return values;
    }
}

using System.Diagnostics;
using System.Globalization;
using DuckDB.NET.Data;
using Lake.Ingest;
using Lake.Storage;

namespace Lake.Maintenance;

/// <summary>
/// Merges the small files of curated partitions (<c>events/event_type=X/dt=D/</c>) into files near the target size, keeping the
/// first copy of each event_id (by recorded_at, then source coordinates). Each partition's merge is one rewrite record: the
/// outputs are uploaded first, the record switches readers of the log to them, then the inputs are deleted. One compaction
/// per lake at a time (the scheduler runs it as a non-concurrent job).
/// </summary>
public sealed class LakeCompactor(ILakeStore store, CompactionOptions options)
{
    internal const string OutputPrefix = "compacted-";

    /// <summary>Reports progress: a line per partition merged.</summary>
    public Action<string>? Log { get; init; }

    /// <summary>The wall clock used for the minimum age (tests move it).</summary>
    public Func<DateTime> UtcNow { get; init; } = () => DateTime.UtcNow;

    public async Task<CompactionSummary> RunAsync(CancellationToken ct = default)
    {
        var clock = Stopwatch.StartNew();
        var summary = new CompactionSummary();
        var contents = await LakeContents.ReadAsync(store, ct).ConfigureAwait(false);
        summary.Cleaned = await RewriteCleanup.CleanAsync(store, contents, RewriteCleanup.OutputPrefixes, ct).ConfigureAwait(false);
        var sequence = contents.NextSequence;
        var work = Path.Combine(options.WorkFolder ?? Path.GetTempPath(), "lake-compact-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        using var duck = new DuckDBConnection("Data Source=:memory:");
        duck.Open();
        using (var setup = duck.CreateCommand())
        {
            setup.CommandText = "SET threads = 1; SET TimeZone = 'UTC'; SET preserve_insertion_order = true";
            setup.ExecuteNonQuery();
        }
        try
        {
            foreach (var group in contents.Live.Values.Where(f => f.Zone == LakePaths.Events).GroupBy(f => LakePaths.DirectoryOf(f.Path)).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                ct.ThrowIfCancellationRequested();
                if (!Selected(group.Key)) continue;
                var inputs = group.Where(f => f.Bytes < options.TargetBytes).OrderBy(f => f.Path, StringComparer.Ordinal).ToList();
                if (inputs.Count < 2) continue;
                var present = new Dictionary<string, StoredObject>(StringComparer.Ordinal);
                await foreach (var o in store.ListAsync(group.Key + "/", ct).ConfigureAwait(false)) present[o.Key] = o;
                // A committed file not yet renamed into place (a crash before the rename) waits for the next ingest's recovery.
                if (!inputs.All(f => present.ContainsKey(f.Path))) continue;
                var settled = UtcNow() - options.MinAge;
                if (options.MinAge > TimeSpan.Zero && inputs.Any(f => present[f.Path].Modified is not { } m || m > settled))
                {
                    summary.SkippedTooYoung++;
                    continue;
                }
                // One partition's copies at a time: the work folder never holds more than a partition's inputs and outputs.
                var partitionWork = Path.Combine(work, sequence.ToString(CultureInfo.InvariantCulture));
                try
                {
                    await CompactAsync(duck, group.Key, inputs, sequence++, partitionWork, summary, ct).ConfigureAwait(false);
                }
                finally
                {
                    try { Directory.Delete(partitionWork, recursive: true); } catch (IOException) { }
                }
            }
        }
        finally
        {
            try { Directory.Delete(work, recursive: true); } catch (IOException) { }
        }
        summary.Elapsed = clock.Elapsed;
        return summary;
    }

    private bool Selected(string directory)
    {
        // events/event_type=<type>/dt=<yyyy-MM-dd>
        var parts = directory.Split('/');
        if (parts.Length != 3) return false;
        var type = parts[1]["event_type=".Length..];
        if (options.EventType is { } only && type != only) return false;
        if (LakePaths.DayOfDirectory(directory) is not { } dt) return false;
        return (options.From is not { } from || dt >= from) && (options.To is not { } to || dt <= to);
    }

    private async Task CompactAsync(DuckDBConnection duck, string directory, List<CommittedFile> inputs, long sequence, string work, CompactionSummary summary, CancellationToken ct)
    {
        Directory.CreateDirectory(work);
        var local = new List<string>();
        foreach (var (f, i) in inputs.Select((f, i) => (f, i)))
        {
            var path = Path.Combine(work, $"in-{i:D6}.parquet");
            await LocalCopies.DownloadAsync(store, f, path, ct).ConfigureAwait(false);
            local.Add(path);
        }
        var outFolder = Path.Combine(work, "out");
        var rowsOut = Merge(duck, local, outFolder);
        var outputs = new List<CommittedFile>();
        foreach (var (path, rows) in rowsOut)
        {
            var key = $"{directory}/{OutputPrefix}{sequence:D10}-{outputs.Count}.parquet";
            outputs.Add(await LocalCopies.UploadAsync(store, path, key, LakePaths.Events, rows, ct).ConfigureAwait(false));
        }
        var rowsIn = inputs.Sum(f => f.Rows);
        var record = new RewriteRecord
        {
            Sequence = sequence,
            Writer = CommitLog.WriterName(options.Writer),
            Kind = "compact",
            Directory = directory,
            Inputs = [.. inputs.Select(f => new RewriteInput(f.Path, f.Sha256, f.Rows))],
            Outputs = outputs,
            DuplicatesRemoved = rowsIn - outputs.Sum(o => o.Rows),
        };
        // The switch: from this put on, the outputs are the partition's content; a crash after it is finished by the next cleanup.
        await new RewriteLog(store).WriteAsync(record, ct).ConfigureAwait(false);
        foreach (var f in inputs) await store.DeleteAsync(f.Path, ct).ConfigureAwait(false);
        summary.Partitions++;
        summary.FilesBefore += inputs.Count;
        summary.FilesAfter += outputs.Count;
        summary.BytesBefore += inputs.Sum(f => f.Bytes);
        summary.BytesAfter += outputs.Sum(f => f.Bytes);
        summary.RowsIn += rowsIn;
        summary.RowsOut += outputs.Sum(o => o.Rows);
        summary.DuplicatesRemoved += record.DuplicatesRemoved;
        Log?.Invoke($"{directory}: {inputs.Count} files -> {outputs.Count} ({rowsIn:N0} rows, {record.DuplicatesRemoved:N0} duplicate(s) removed)");
    }

    /// <summary>DuckDB merges the inputs: one thread and a total order, so the same inputs always give the same bytes.</summary>
    private List<(string Path, long Rows)> Merge(DuckDBConnection duck, List<string> inputs, string outFolder)
    {
        using var command = duck.CreateCommand();
        var files = string.Join(", ", inputs.Select(LocalCopies.Quote));
        command.CommandText = $$"""
            COPY (
              SELECT * FROM read_parquet([{{files}}], union_by_name = true, hive_partitioning = false)
              QUALIFY row_number() OVER (PARTITION BY event_id ORDER BY recorded_at, source, source_partition, source_offset) = 1
              ORDER BY occurred_at, event_id
            ) TO {{LocalCopies.Quote(outFolder)}}
            (FORMAT parquet, COMPRESSION zstd, FILE_SIZE_BYTES {{options.TargetBytes.ToString(CultureInfo.InvariantCulture)}}, FILENAME_PATTERN 'part_{i}')
            """;
        command.ExecuteNonQuery();
        var outputs = Directory.GetFiles(outFolder, "part_*.parquet")
            .OrderBy(p => int.Parse(Path.GetFileNameWithoutExtension(p)["part_".Length..], CultureInfo.InvariantCulture)).ToList();
        var result = new List<(string, long)>();
        foreach (var p in outputs)
        {
            command.CommandText = $"SELECT count(*) FROM read_parquet({LocalCopies.Quote(p)})";
            result.Add((p, Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture)));
        }
        return result;
    }

}

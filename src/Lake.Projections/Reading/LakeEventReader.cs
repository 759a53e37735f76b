using Lake.Parquet;
using System.Buffers;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Apache.Arrow;
using Lake.Core.Envelope;
using Lake.Ingest;
using Lake.Storage;
using ParquetSharp.Arrow;

namespace Lake.Projections.Reading;

/// <summary>
/// Streams a lake's committed curated events in fold order, one dt partition at a time, through <see cref="ILakeStore"/>. Only files
/// listed by valid commits are read; partitions are pruned by dt (the day of occurred_at) alone, because a late event sits in the
/// dt of when it occurred, whatever its recorded_at. Each day is sorted on its own: dt is a function of occurred_at, the first
/// sort key, so sorting day by day gives the global order while holding one day (plus the next, being read) in memory.
/// </summary>
public sealed class LakeEventReader(ILakeStore store)
{
    private static readonly string[] FoldColumns =
        [EnvelopeColumns.EventId, EnvelopeColumns.OccurredAt, EnvelopeColumns.RecordedAt, EnvelopeColumns.Source, EnvelopeColumns.SourcePartition, EnvelopeColumns.SourceOffset];

    // The reader's own pool, not ArrayPool.Shared: the shared pool trims itself after every gen2 collection, and with day buffers of
    // megabytes that trimming took as much CPU as the fold in a profile of a 5M-event rebuild. This one goes away with the reader.
    private readonly ArrayPool<FoldEntry> _entries = ArrayPool<FoldEntry>.Create(1 << 30, 4);

    public ILakeStore Store { get; } = store;

    /// <summary>The live curated files of <paramref name="eventTypes"/> (committed, with compactions and replays applied), ordered by dt, type and key.</summary>
    public async Task<IReadOnlyList<EventFile>> CommittedFilesAsync(IReadOnlyCollection<string> eventTypes, CancellationToken ct = default)
    {
        var contents = await LakeContents.ReadAsync(Store, ct).ConfigureAwait(false);
        return contents.Live.Values
            .Where(f => f.Zone == LakePaths.Events)
            .Select(f => EventFile.Parse(f.Path))
            .OfType<EventFile>()
            .Where(f => eventTypes.Contains(f.EventType))
            .Distinct()
            .OrderBy(f => f.Dt).ThenBy(f => f.EventType, StringComparer.Ordinal).ThenBy(f => f.Key, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// The days of <paramref name="files"/> that <paramref name="window"/> can touch, in order, each sorted and de-duplicated.
    /// The next day is read on another thread while the caller folds the current one; dispose each day when done.
    /// </summary>
    internal async IAsyncEnumerable<EventDay> ReadDaysAsync(IReadOnlyList<EventFile> files, TimeWindow window,
        Func<string, IReadOnlyCollection<string>?> fieldsOf, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var days = files.Where(f => f.Dt >= window.FirstDay && f.Dt <= window.LastDay).GroupBy(f => f.Dt).OrderBy(g => g.Key).ToList();
        var channel = Channel.CreateBounded<EventDay>(new BoundedChannelOptions(1) { SingleReader = true, SingleWriter = true });
        // Cancelled when the caller stops early (an exception in its fold): the reader must not stay blocked on a full channel.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var producer = Task.Run(async () =>
        {
            try
            {
                foreach (var day in days)
                {
                    var loaded = await LoadDayAsync(day.Key, day.ToList(), window, fieldsOf, stop.Token).ConfigureAwait(false);
                    try
                    {
                        await channel.Writer.WriteAsync(loaded, stop.Token).ConfigureAwait(false);
                    }
                    catch
                    {
                        loaded.Dispose();
                        throw;
                    }
                }
                channel.Writer.Complete();
            }
            catch (Exception e)
            {
                channel.Writer.Complete(e);
            }
        }, stop.Token);
        try
        {
            await foreach (var day in channel.Reader.ReadAllAsync(ct).ConfigureAwait(false)) yield return day;
        }
        finally
        {
            stop.Cancel();
            // Days loaded but never handed out hold Arrow memory and pooled buffers.
            while (channel.Reader.TryRead(out var left)) left.Dispose();
            try { await producer.ConfigureAwait(false); }
            catch (OperationCanceledException) when (stop.IsCancellationRequested) { }
            while (channel.Reader.TryRead(out var left)) left.Dispose();
        }
    }

    private async Task<EventDay> LoadDayAsync(DateOnly dt, List<EventFile> files, TimeWindow window, Func<string, IReadOnlyCollection<string>?> fieldsOf, CancellationToken ct)
    {
        var chunks = new List<EventChunk>();
        var sources = new List<string>();
        var sourceIds = new List<int>();
        long read = 0;
        // Files are decoded two at a time (Arrow C++ does the work); their batches are then taken in file order, so the result
        // does not depend on which read finished first.
        var read2 = new List<RecordBatch>?[files.Count];
        try
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, files.Count), new ParallelOptions { MaxDegreeOfParallelism = 2, CancellationToken = ct },
                async (i, c) => read2[i] = await ReadFileAsync(files[i], fieldsOf(files[i].EventType), c).ConfigureAwait(false)).ConfigureAwait(false);
        }
        catch
        {
            foreach (var b in read2.Where(r => r is not null).SelectMany(r => r!)) b.Dispose();
            throw;
        }
        FoldEntry[]? buffer = null;
        try
        {
            for (var f = 0; f < files.Count; f++)
            {
                foreach (var batch in read2[f]!) chunks.Add(new EventChunk(files[f].EventType, batch));
            }
            buffer = _entries.Rent(Math.Max(1, chunks.Sum(c => c.Length)));
            var count = 0;
            for (var c = 0; c < chunks.Count; c++)
            {
                read += chunks[c].Length;
                count = AddEntries(chunks[c], c, window, buffer, count, sources, sourceIds);
            }
            // Source names ranked in ordinal order, so the sort compares small integers instead of strings.
            var order = Enumerable.Range(0, sources.Count).OrderBy(i => sources[i], StringComparer.Ordinal).ToArray();
            var rank = new int[sources.Count];
            for (var r = 0; r < order.Length; r++) rank[order[r]] = r;
            for (var i = 0; i < count; i++) buffer[i].Source = rank[buffer[i].Source];
            System.Array.Sort(buffer, 0, count, new FoldOrder(chunks));
            return new EventDay(dt, chunks, _entries, buffer, Deduplicate(buffer, count, chunks), read);
        }
        catch
        {
            foreach (var c in chunks) c.Dispose();
            if (buffer is not null) _entries.Return(buffer);
            throw;
        }
    }

    /// <summary>Appends the chunk's rows that pass the window to <paramref name="entries"/> from <paramref name="count"/>; returns the new count.</summary>
    private static int AddEntries(EventChunk chunk, int chunkIndex, TimeWindow window, FoldEntry[] entries, int count, List<string> sources, List<int> sourceIds)
    {
        var after = window.AfterTicks;
        var asOf = window.AsOfTicks;
        var knownAt = window.KnownAtTicks;
        byte[]? lastSource = null;
        var lastId = -1;
        for (var row = 0; row < chunk.Length; row++)
        {
            var occurred = ArrowValues.Ticks(chunk.OccurredAt, row);
            if (occurred <= after || occurred > asOf) continue;
            var recorded = ArrowValues.Ticks(chunk.RecordedAt, row);
            if (recorded > knownAt) continue;
            // A file holds one source partition, so the source name rarely changes between rows.
            var sourceBytes = chunk.Source.GetBytes(row);
            if (lastSource is null || !sourceBytes.SequenceEqual(lastSource))
            {
                lastSource = sourceBytes.ToArray();
                var name = chunk.Source.GetString(row);
                lastId = sources.IndexOf(name);
                if (lastId < 0) { sources.Add(name); lastId = sources.Count - 1; }
            }
            entries[count++] = new FoldEntry
            {
                Occurred = occurred,
                Recorded = recorded,
                Source = lastId,
                Partition = chunk.SourcePartition.Values[row],
                Offset = chunk.SourceOffset.Values[row],
                Chunk = chunkIndex,
                Row = row,
            };
        }
        return count;
    }

    /// <summary>
    /// Keeps the first of each event id in fold order, compacting <paramref name="sorted"/> in place; returns the kept count. A
    /// re-sent event carries the same occurred_at, so its copies sit in one day among entries of equal occurred_at; comparing ids
    /// only within such runs avoids a set of every id ever seen.
    /// </summary>
    private static int Deduplicate(FoldEntry[] sorted, int count, List<EventChunk> chunks)
    {
        var kept = 0;
        var runStart = 0;
        HashSet<string>? seen = null;
        for (var i = 0; i < count; i++)
        {
            if (i > 0 && sorted[i].Occurred != sorted[i - 1].Occurred)
            {
                runStart = kept;
                seen = null;
            }
            var id = chunks[sorted[i].Chunk].EventId.GetBytes(sorted[i].Row);
            var duplicate = false;
            if (seen is not null)
            {
                duplicate = !seen.Add(chunks[sorted[i].Chunk].EventId.GetString(sorted[i].Row));
            }
            else
            {
                for (var k = runStart; k < kept && !duplicate; k++) duplicate = id.SequenceEqual(chunks[sorted[k].Chunk].EventId.GetBytes(sorted[k].Row));
                if (kept - runStart > 32)
                {
                    // A long run of one occurred_at (a bulk import): switch to a set for the rest of it.
                    seen = new HashSet<string>(StringComparer.Ordinal);
                    for (var k = runStart; k < kept; k++) seen.Add(chunks[sorted[k].Chunk].EventId.GetString(sorted[k].Row));
                    if (!duplicate) seen.Add(chunks[sorted[i].Chunk].EventId.GetString(sorted[i].Row));
                }
            }
            // Entries before kept are final and i >= kept, so moving i down never overwrites one still to be read.
            if (!duplicate) sorted[kept++] = sorted[i];
        }
        return kept;
    }

    /// <summary>The file's record batches with the fold's envelope columns and <paramref name="fields"/> (all when null).</summary>
    internal async Task<List<RecordBatch>> ReadFileAsync(EventFile file, IReadOnlyCollection<string>? fields, CancellationToken ct)
    {
        using var opened = await OpenAsync(file.Key, ct).ConfigureAwait(false);
        var reader = opened.Reader;
        int[]? columns = null;
        if (fields is not null)
        {
            var wanted = new HashSet<string>(FoldColumns.Concat(fields), StringComparer.Ordinal);
            var leaves = new List<int>();
            foreach (var field in reader.SchemaManifest.SchemaFields)
            {
                if (wanted.Contains(field.Field.Name)) CollectLeaves(field, leaves);
            }
            columns = leaves.ToArray();
        }
        var batches = new List<RecordBatch>();
        using var stream = reader.GetRecordBatchReader(columns: columns);
        while (await stream.ReadNextRecordBatchAsync(ct).ConfigureAwait(false) is { } batch) batches.Add(batch);
        return batches;
    }

    /// <summary>True when some row of <paramref name="files"/> has (occurred_at, recorded_at) ticks matching <paramref name="match"/>; reads only those two columns.</summary>
    internal async Task<bool> AnyAsync(IEnumerable<EventFile> files, Func<long, long, bool> match, CancellationToken ct)
    {
        foreach (var file in files)
        {
            using var opened = await OpenAsync(file.Key, ct).ConfigureAwait(false);
            var reader = opened.Reader;
            var leaves = new List<int>();
            foreach (var field in reader.SchemaManifest.SchemaFields)
            {
                if (field.Field.Name is EnvelopeColumns.OccurredAt or EnvelopeColumns.RecordedAt) CollectLeaves(field, leaves);
            }
            using var stream = reader.GetRecordBatchReader(columns: leaves.ToArray());
            while (await stream.ReadNextRecordBatchAsync(ct).ConfigureAwait(false) is { } batch)
            {
                using (batch)
                {
                    var occurred = (TimestampArray)batch.Column(EnvelopeColumns.OccurredAt);
                    var recorded = (TimestampArray)batch.Column(EnvelopeColumns.RecordedAt);
                    for (var row = 0; row < batch.Length; row++)
                    {
                        if (match(ArrowValues.Ticks(occurred, row), ArrowValues.Ticks(recorded, row))) return true;
                    }
                }
            }
        }
        return false;
    }

    private static void CollectLeaves(SchemaField field, List<int> leaves)
    {
        if (field.ColumnIndex >= 0) leaves.Add(field.ColumnIndex);
        foreach (var child in field.Children) CollectLeaves(child, leaves);
    }

    /// <summary>A local lake is read by path (memory-mapped by Arrow); any other store through a copy of the object in Arrow's memory.</summary>
    internal async Task<ArrowFile> OpenAsync(string key, CancellationToken ct)
    {
        if (Store is LocalFolderStore local) return ArrowFile.Open(local.PathOf(key));
        var bytes = await Store.ReadAsync(key, ct).ConfigureAwait(false) ?? throw new FileNotFoundException($"committed file '{key}' is missing from the lake {Store.Location}; run lake verify");
        return ArrowFile.Open(bytes);
    }

    /// <summary>Sorts by the fold order; event ids compare by their UTF-8 bytes, as DuckDB orders VARCHAR.</summary>
    private sealed class FoldOrder(List<EventChunk> chunks) : IComparer<FoldEntry>
    {
        public int Compare(FoldEntry a, FoldEntry b)
        {
            var c = a.Occurred.CompareTo(b.Occurred);
            if (c != 0) return c;
            c = a.Recorded.CompareTo(b.Recorded);
            if (c != 0) return c;
            c = a.Source.CompareTo(b.Source);
            if (c != 0) return c;
            c = a.Partition.CompareTo(b.Partition);
            if (c != 0) return c;
            c = a.Offset.CompareTo(b.Offset);
            if (c != 0) return c;
            return chunks[a.Chunk].EventId.GetBytes(a.Row).SequenceCompareTo(chunks[b.Chunk].EventId.GetBytes(b.Row));
        }
    }
}

using System.Buffers;
using System.Diagnostics;
using System.Numerics;
using Lake.Projections.Reading;
using Lake.Projections.Sharding;
using Lake.Projections.Snapshots;
using Lake.Storage;

namespace Lake.Projections.Rebuild;

/// <summary>
/// Rebuilds a projection as of an event time and a known-at time from a lake: from the best provably equivalent checkpoint (see
/// <see cref="CheckpointStore"/>) or from nothing, folding the remaining events day by day in fold order. With a key budget
/// (<see cref="RebuildRequest.MaxKeys"/>) it folds in key-partitioned passes, each spilled to a part, merged when written.
/// </summary>
public sealed class ProjectionRebuilder(ILakeStore store, LoadedProjection projection)
{
    public ILakeStore Store { get; } = store;
    public LoadedProjection Projection { get; } = projection;

    public async Task<RebuildResult> RebuildAsync(RebuildRequest request, IProgress<RebuildProgress>? progress = null, CancellationToken ct = default)
    {
        if (request.AsOf.Kind != DateTimeKind.Utc || request.KnownAt is { Kind: not DateTimeKind.Utc }) throw new ArgumentException("as-of and known-at must be UTC times", nameof(request));
        if (request.MaxKeys is < 1) throw new ArgumentException("the key budget must be at least 1", nameof(request));
        var sw = Stopwatch.StartNew();
        var p = Projection.Projection;
        var reader = new LakeEventReader(Store);
        var files = await reader.CommittedFilesAsync(p.EventTypes, ct).ConfigureAwait(false);
        var covered = files.Where(f => f.Dt <= DateOnly.FromDateTime(request.AsOf)).Select(f => f.Key).Order(StringComparer.Ordinal).ToList();

        var checkpoints = new CheckpointStore(Store);
        var start = request.UseCheckpoints ? await checkpoints.FindReusableAsync(Projection, files, request, ct).ConfigureAwait(false) : null;
        var window = new TimeWindow(start?.Checkpoint.AsOf, request.AsOf, request.KnownAt);
        var days = files.Where(f => f.Dt >= window.FirstDay && f.Dt <= window.LastDay).Select(f => f.Dt).Distinct().Count();

        // A power of two, so that the threads' sub-shards are halves of halves of the requested shard.
        var threads = 1 << BitOperations.Log2((uint)Math.Clamp(request.FoldThreads ?? Environment.ProcessorCount - 1, 1, 64));
        var pending = new Stack<KeyShard>();
        pending.Push(request.Shard);
        var parts = new List<string>();
        string? spill = null;
        ProjectionState? state = null;
        long applied = 0, read = 0, rows = 0;
        long? maxRecorded = null;
        int passes = 0, done = 0;
        try
        {
            while (pending.Count > 0)
            {
                passes++;
                var shard = pending.Pop();
                state = start is { } s
                    ? await checkpoints.LoadAsync(Projection, s.Checkpoint, s.State, shard, ct, request.MaxKeys is null ? null : loading => Shed(loading, request.MaxKeys, pending)).ConfigureAwait(false)
                    : new ProjectionState(p, shard);
                Shed(state, request.MaxKeys, pending);
                var pass = await FoldAsync(reader, files, window, state, request.MaxKeys, pending, passes, days, start?.Checkpoint, threads, progress, ct).ConfigureAwait(false);
                // Every pass counts every event (other shards' keys' events go to a scratch row or are skipped), so these counts are the same in each.
                applied = pass.Applied;
                maxRecorded = pass.MaxRecorded;
                read += pass.Read;
                done = pass.Days;
                if (pending.Count == 0 && parts.Count == 0) break;
                spill ??= Directory.CreateDirectory(request.SpillFolder ?? Path.Combine(Path.GetTempPath(), "lake-rebuild-" + Guid.NewGuid().ToString("N"))).FullName;
                var part = Path.Combine(spill, state.Shard.FileStem + ".parquet");
                await using (var output = File.Create(part)) rows += SnapshotFile.Write(state, new Dictionary<string, string>(), output, SnapshotFile.PartRowGroupRows);
                parts.Add(part);
                if (pending.Count > 0) state = null;
            }
        }
        catch
        {
            if (spill is not null && request.SpillFolder is null) Directory.Delete(spill, recursive: true);
            throw;
        }
        var single = parts.Count == 0;
        var startMax = start?.Checkpoint.MaxRecordedAt?.Ticks;
        var greatest = maxRecorded is { } m && (startMax is null || m > startMax) ? m : startMax;
        return new RebuildResult
        {
            Projection = Projection,
            Request = request,
            State = single ? state : null,
            Parts = parts,
            SpillFolder = request.SpillFolder is null ? spill : null,
            Rows = single ? state!.Count : rows,
            Lookups = state!.Lookups,
            EventsApplied = applied + (start?.Checkpoint.EventsApplied ?? 0),
            EventsRead = read,
            MaxRecordedAt = greatest is { } g ? new DateTime(g, DateTimeKind.Utc) : null,
            Files = covered,
            StartedFrom = start?.Checkpoint,
            DaysRead = done,
            Passes = passes,
            Elapsed = sw.Elapsed,
        };
    }

    private readonly record struct PassCounts(long Applied, long Read, long? MaxRecorded, int Days);

    private async Task<PassCounts> FoldAsync(LakeEventReader reader, IReadOnlyList<EventFile> files, TimeWindow window, ProjectionState state, int? maxKeys,
        Stack<KeyShard> pending, int pass, int days, Checkpoint? start, int threads, IProgress<RebuildProgress>? progress, CancellationToken ct)
    {
        var p = Projection.Projection;
        var e = new ProjectionEvent();
        long applied = 0, read = 0;
        var maxRecorded = long.MinValue;
        var done = 0;
        var budget = maxKeys ?? int.MaxValue;
        // Events name their key: those of other shards' keys can be skipped, and keys can be folded on several threads.
        var keyed = p.KeysAreInEvents;
        var parts = keyed && threads > 1 && maxKeys is null ? state.Partition(threads) : null;
        await foreach (var day in reader.ReadDaysAsync(files, window, p.FieldsOf, ct).ConfigureAwait(false))
        {
            using (day)
            {
                var chunks = day.Chunks;
                var entries = day.Entries;
                foreach (var entry in entries) if (entry.Recorded > maxRecorded) maxRecorded = entry.Recorded;
                if (parts is not null)
                {
                    FoldInParallel(chunks, entries, parts, ct);
                }
                else
                {
                    foreach (var entry in entries)
                    {
                        e.MoveTo(chunks[entry.Chunk], entry.Row);
                        if (keyed && !state.Shard.IsAll && (p.KeyOf(e) is not { } key || !state.Shard.Contains(key))) continue;
                        p.Apply(e, state);
                        if (state.Count > budget) Shed(state, maxKeys, pending);
                    }
                }
                applied += entries.Count;
                read += day.Read;
                done++;
                var keys = parts?.Sum(s => s.Count) ?? state.Count;
                progress?.Report(new RebuildProgress(day.Dt, done, days, read, applied + (start?.EventsApplied ?? 0), keys, pass));
            }
        }
        if (parts is not null) state.Absorb(parts);
        return new PassCounts(applied, read, maxRecorded == long.MinValue ? null : maxRecorded, done);
    }

    /// <summary>
    /// Folds a day's events into the sub-states of <see cref="ProjectionState.Partition"/>, one thread each: every thread walks the
    /// day in fold order and applies the events of its keys, so each key still sees its events in order.
    /// </summary>
    private void FoldInParallel(IReadOnlyList<EventChunk> chunks, ArraySegment<FoldEntry> entries, ProjectionState[] parts, CancellationToken ct)
    {
        var p = Projection.Projection;
        // Which part each event goes to (-1: none), found once and in parallel: reading the key and hashing it is most of the routing.
        var route = ArrayPool<int>.Shared.Rent(Math.Max(1, entries.Count));
        var total = parts[0].Shard.Count;
        var first = parts[0].Shard.Index;
        Run(parts.Length, ct, t =>
        {
            var e = new ProjectionEvent();
            var from = (int)((long)entries.Count * t / parts.Length);
            var to = (int)((long)entries.Count * (t + 1) / parts.Length);
            for (var i = from; i < to; i++)
            {
                e.MoveTo(chunks[entries[i].Chunk], entries[i].Row);
                var j = p.KeyOf(e) is { } key ? KeyShard.Of(key, total) - first : -1;
                route[i] = j >= 0 && j < parts.Length ? j : -1;
            }
        });
        Run(parts.Length, ct, t =>
        {
            var e = new ProjectionEvent();
            var state = parts[t];
            for (var i = 0; i < entries.Count; i++)
            {
                if (route[i] != t) continue;
                e.MoveTo(chunks[entries[i].Chunk], entries[i].Row);
                p.Apply(e, state);
            }
        });
        ArrayPool<int>.Shared.Return(route);
    }

    /// <summary>Runs <paramref name="body"/> for 0..count-1 on as many threads; a failure surfaces as itself, not wrapped.</summary>
    private static void Run(int count, CancellationToken ct, Action<int> body)
    {
        try
        {
            Parallel.For(0, count, new ParallelOptions { CancellationToken = ct, MaxDegreeOfParallelism = count }, body);
        }
        catch (AggregateException e) when (e.InnerExceptions.Count == 1)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
    }

    /// <summary>While the state holds more keys than the budget, keeps the lower half of its shard and leaves the upper half for a later pass.</summary>
    private static void Shed(ProjectionState state, int? maxKeys, Stack<KeyShard> pending)
    {
        while (maxKeys is { } max && state.Count > max)
        {
            var (lower, upper) = state.Shard.Split();
            state.Narrow(lower);
            pending.Push(upper);
        }
    }
}

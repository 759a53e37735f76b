using System.Text;
using Lake.Core.Data;
using Lake.Core.Schema;
using Lake.Pipelines;

namespace Lake.Generation;

/// <summary>
/// Generates a deterministic, realistic event history for a pipeline: aggregates live through their lifecycles in event time,
/// producers drift across versions (old ones linger), some events arrive late or twice, and a share are bad in every way the
/// pipeline can quarantine. Lines come out in recorded_at order, strictly increasing.
/// </summary>
public sealed class HistoryGenerator
{
    private readonly PipelineDefinition _pipeline;
    private readonly GeneratorSettings _settings;

    public HistoryGenerator(PipelineDefinition pipeline) : this(pipeline, GeneratorSettings.Read(pipeline)) { }

    public HistoryGenerator(PipelineDefinition pipeline, GeneratorSettings settings)
    {
        _pipeline = pipeline;
        _settings = settings;
    }

    /// <summary>Writes the history as NDJSON and returns what was written.</summary>
    public GenerationStats Write(Stream output, GenerationOptions options)
    {
        var stats = new GenerationStats();
        var run = NewRun(options, stats);
        // Writing (and gzip) runs on a second thread so it overlaps with generation. Lines are copied into 1 MiB blocks, which
        // come back once written: no array per line, and one write call per block.
        const int BlockSize = 1 << 20;
        using var full = new System.Collections.Concurrent.BlockingCollection<(byte[] Block, int Length)>(boundedCapacity: 8);
        var written = new System.Collections.Concurrent.ConcurrentQueue<byte[]>();
        using var writerFailed = new CancellationTokenSource();
        var writer = Task.Run(() =>
        {
            foreach (var (block, length) in full.GetConsumingEnumerable())
            {
                output.Write(block, 0, length);
                if (block.Length == BlockSize) written.Enqueue(block);
            }
        });
        // A writer that fails (disk full) must not leave the generator blocked on a full queue.
        writer.ContinueWith(_ => writerFailed.Cancel(), CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        try
        {
            var block = new byte[BlockSize];
            var used = 0;
            foreach (var line in run.Lines())
            {
                var json = line.Json.Span;
                if (used + json.Length + 1 > block.Length)
                {
                    if (used > 0) full.Add((block, used), writerFailed.Token);
                    block = json.Length + 1 > BlockSize ? new byte[json.Length + 1] : written.TryDequeue(out var reused) ? reused : new byte[BlockSize];
                    used = 0;
                }
                json.CopyTo(block.AsSpan(used));
                used += json.Length;
                block[used++] = (byte)'\n';
            }
            if (used > 0) full.Add((block, used), writerFailed.Token);
        }
        catch (OperationCanceledException) when (writer.IsFaulted)
        {
            // The writer's own exception is rethrown below.
        }
        finally
        {
            full.CompleteAdding();
            writer.GetAwaiter().GetResult();
        }
        return stats;
    }

    public IEnumerable<GeneratedLine> Generate(GenerationOptions options, GenerationStats? stats = null) =>
        Copies(NewRun(options, stats ?? new GenerationStats()));

    /// <summary>Each line with an array of its own: a run reuses a line's bytes once the next line is asked for.</summary>
    private static IEnumerable<GeneratedLine> Copies(Run run)
    {
        foreach (var line in run.Lines()) yield return new GeneratedLine(line.Json.Span.ToArray(), line.Type, line.AggregateId, line.RecordedAt);
    }

    private Run NewRun(GenerationOptions options, GenerationStats stats) =>
        new(options.Days is { } days ? new HistoryGenerator(_pipeline, _settings.Spanning(days)) : this, options, stats);

    /// <summary>A line as a run emits it: its bytes stay valid until the run is asked for the next line.</summary>
    private readonly record struct EmittedLine(LineBytes Json, string Type, string? AggregateId, DateTime RecordedAt);

    private sealed class Run
    {
        /// <summary>Aggregates per hand-off to a generating thread, and hand-offs in flight: enough to keep both sides busy.</summary>
        private const int BatchSize = 64;
        private const int BatchesAhead = 8;

        private readonly HistoryGenerator _g;
        private readonly GenerationOptions _o;
        private readonly GenerationStats _stats;
        /// <summary>Draws the schedule (which aggregate starts when); each life draws from its own stream.</summary>
        private readonly Prng _random;
        private readonly LineCalendar _pending = new();
        /// <summary>Batches' scratch buffers, reused once the merging thread has copied their lines out (only that thread uses it).</summary>
        private readonly Queue<LineScratch> _scratches = new();
        private readonly double[] _shares;
        private readonly Dictionary<(EventTypeSchema, int), long> _counts = [];
        private long _lastRecorded;

        public Run(HistoryGenerator g, GenerationOptions o, GenerationStats stats)
        {
            _g = g;
            _o = o;
            _stats = stats;
            _random = new Prng(Prng.Mix(o.Seed, -1));
            _shares = g._settings.Aggregates.Select(a => a.Share).ToArray();
        }

        /// <summary>One aggregate to generate: its kind, id, first event time, and how many of each kind existed before it.</summary>
        private sealed record Job(long Number, AggregateSpec Spec, string Id, DateTime Start, long[] Before);

        /// <summary>Jobs handed to a generating thread together; their lines come back in the same order.</summary>
        private sealed class Batch(Job[] jobs, LineScratch scratch)
        {
            public Job[] Jobs { get; } = jobs;
            public LineScratch Scratch { get; } = scratch;
            /// <summary>Where each job's lines end in <see cref="LineScratch.Lines"/>.</summary>
            public int[] LinesEnd { get; } = new int[jobs.Length];
            public ManualResetEventSlim Done { get; } = new();
            public Exception? Error { get; set; }
        }

        public IEnumerable<EmittedLine> Lines()
        {
            var s = _g._settings;
            var specs = s.Aggregates;
            var totalShare = specs.Sum(a => a.Share);
            var perAggregate = specs.Sum(a => a.Share * a.ExpectedEvents) / totalShare;
            var aggregates = Math.Max(1, (long)Math.Ceiling(_o.Events / perAggregate));
            var spanTicks = TimeSpan.FromDays(s.Days).Ticks;
            var counters = new long[specs.Count];
            long scheduled = 0;
            var emitted = 0L;
            if (_o.Events <= 0)
            {
                PublishCounts();
                yield break;
            }

            Batch Schedule()
            {
                var jobs = new Job[BatchSize];
                for (var j = 0; j < jobs.Length; j++, scheduled++)
                {
                    var start = s.Start.Ticks + (long)(spanTicks * (double)scheduled / aggregates) + _random.NextInt64(0, TimeSpan.TicksPerMinute);
                    var k = LifeGenerator.Pick(_random, _shares);
                    var before = (long[])counters.Clone();
                    jobs[j] = new Job(scheduled, specs[k], specs[k].FormatId(++counters[k]), new DateTime(start, DateTimeKind.Utc), before);
                }
                if (!_scratches.TryDequeue(out var scratch)) scratch = new LineScratch();
                return new Batch(jobs, scratch);
            }

            // Lives are generated on one thread per core (up to 4) while this one merges their lines into recorded_at order.
            var workers = _o.Workers > 0 ? _o.Workers : Math.Clamp(Environment.ProcessorCount, 1, 4);
            using var work = new System.Collections.Concurrent.BlockingCollection<Batch>();
            using var stop = new CancellationTokenSource();
            var threads = Enumerable.Range(0, workers).Select(_ => Task.Factory.StartNew(() => Generate(work, stop.Token),
                CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();
            var ahead = new Queue<Batch>();
            try
            {
                for (var b = 0; b < BatchesAhead; b++) Enqueue(Schedule());
                var done = false;
                while (!done)
                {
                    var batch = ahead.Dequeue();
                    batch.Done.Wait();
                    batch.Done.Dispose();
                    if (batch.Error is { } error) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);
                    Enqueue(Schedule());
                    for (var j = 0; j < batch.Jobs.Length; j++)
                    {
                        var job = batch.Jobs[j];
                        while (_pending.TryTakeUpTo(job.Start.Ticks, out var due))
                        {
                            yield return Emit(due);
                            if (++emitted >= _o.Events) { PublishCounts(); yield break; }
                        }
                        // Every lifecycle generated and drained: guards a pipeline whose lifecycles make no events.
                        if (job.Number > aggregates * 4) { done = true; break; }
                        var lines = batch.Scratch.Lines;
                        for (var k = j == 0 ? 0 : batch.LinesEnd[j - 1]; k < batch.LinesEnd[j]; k++) _pending.Add(lines[k]);
                    }
                    batch.Scratch.Reset();
                    _scratches.Enqueue(batch.Scratch);
                }
                while (emitted < _o.Events && _pending.TryTake(out var line))
                {
                    yield return Emit(line);
                    emitted++;
                }
                PublishCounts();
            }
            finally
            {
                stop.Cancel();
                work.CompleteAdding();
                Task.WaitAll(threads);
                foreach (var left in ahead) left.Done.Dispose();
            }

            void Enqueue(Batch batch)
            {
                ahead.Enqueue(batch);
                work.Add(batch);
            }
        }

        /// <summary>A generating thread: takes batches, generates their lives in order, and signals each batch when done.</summary>
        private void Generate(System.Collections.Concurrent.BlockingCollection<Batch> work, CancellationToken stop)
        {
            LifeGenerator? lives = null;
            var specs = _g._settings.Aggregates;
            foreach (var batch in work.GetConsumingEnumerable())
            {
                try
                {
                    // Built inside the try, so a failure reaches the calling thread through the batch instead of leaving it waiting.
                    lives ??= new LifeGenerator(_g._pipeline, _g._settings, _o);
                    for (var j = 0; j < batch.Jobs.Length && !stop.IsCancellationRequested; j++)
                    {
                        var job = batch.Jobs[j];
                        lives.Live(job.Spec, job.Id, job.Start, Prng.Mix(_o.Seed, job.Number), name => IdsBefore(specs, job.Before, name), batch.Scratch);
                        batch.LinesEnd[j] = batch.Scratch.Lines.Count;
                    }
                }
                catch (Exception e)
                {
                    batch.Error = e;
                }
                batch.Done.Set();
            }
        }

        /// <summary>The ids of the aggregates of kind <paramref name="name"/> created before a job; ids follow from their numbers.</summary>
        private static IReadOnlyList<string> IdsBefore(IReadOnlyList<AggregateSpec> specs, long[] before, string name)
        {
            for (var k = 0; k < specs.Count; k++)
            {
                if (specs[k].Name == name) return new NumberedIds(specs[k], before[k]);
            }
            return [];
        }

        /// <summary>Ids 1..<see cref="Count"/> of one aggregate kind, formatted when read.</summary>
        private sealed class NumberedIds(AggregateSpec spec, long count) : IReadOnlyList<string>
        {
            public int Count => (int)Math.Min(count, int.MaxValue);
            public string this[int index] => spec.FormatId(index + 1L);
            public IEnumerator<string> GetEnumerator()
            {
                for (var i = 0; i < Count; i++) yield return this[i];
            }

            System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
        }

        private EmittedLine Emit(PendingLine p)
        {
            var recorded = Math.Max(p.Recorded, _lastRecorded + Timestamps.TicksPerMicrosecond);
            recorded -= recorded % Timestamps.TicksPerMicrosecond;
            _lastRecorded = recorded;
            if (p.PatchAt >= 0)
            {
                Span<char> text = stackalloc char[LifeGenerator.Placeholder.Length];
                Timestamps.Format(new DateTime(recorded, DateTimeKind.Utc), text, fixedMicros: true);
                Encoding.ASCII.GetBytes(text, p.Json.Span.Slice(p.PatchAt, LifeGenerator.Placeholder.Length));
            }
            _stats.Lines++;
            if (p.CountType is not null) Count(p.CountType, p.CountVersion);
            if (p.Duplicate) _stats.Duplicates++;
            if (p.Late) _stats.Late++;
            if (p.Bad is { } reason) _stats.BadByReason[reason] = _stats.BadByReason.GetValueOrDefault(reason) + 1;
            return new EmittedLine(p.Json, p.Type, p.AggregateId, new DateTime(recorded, DateTimeKind.Utc));
        }

        private void Count(EventTypeSchema type, int version) =>
            System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_counts, (type, version), out _)++;

        /// <summary>Counts are kept by (type, version) on the hot path and named once at the end.</summary>
        private void PublishCounts()
        {
            foreach (var ((type, version), n) in _counts) _stats.ByTypeAndVersion[$"{type.Name} v{version}"] = n;
        }
    }
}

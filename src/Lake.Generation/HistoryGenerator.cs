using System.Buffers;
using System.Text;
using System.Text.Json;
using Lake.Core.Data;
using Lake.Core.Schema;
using Lake.Core.Upcasting;
using Lake.Core.Upcasting.Operations;
using Lake.Pipelines;

namespace Lake.Generation;

/// <summary>
/// Generates a deterministic, realistic event history for a pipeline: aggregates live through their lifecycles in event time,
/// producers drift across versions (old ones linger), some events arrive late or twice, and a share are bad in every way the
/// pipeline can quarantine. Lines come out in recorded_at order, strictly increasing.
/// </summary>
public sealed class HistoryGenerator
{
    private const string Placeholder = "9999-12-31T23:59:59.999999Z";
    private static readonly byte[] PlaceholderBytes = Encoding.ASCII.GetBytes(Placeholder);

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
        // Writing (and gzip) runs on a second thread so it overlaps with generation; batches keep the hand-off cheap.
        using var batches = new System.Collections.Concurrent.BlockingCollection<List<byte[]>>(boundedCapacity: 8);
        using var writerFailed = new CancellationTokenSource();
        var writer = Task.Run(() =>
        {
            foreach (var batch in batches.GetConsumingEnumerable())
            {
                foreach (var json in batch)
                {
                    output.Write(json);
                    output.WriteByte((byte)'\n');
                }
            }
        });
        // A writer that fails (disk full) must not leave the generator blocked on a full queue.
        writer.ContinueWith(_ => writerFailed.Cancel(), CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        try
        {
            var batch = new List<byte[]>(4096);
            foreach (var line in Generate(options, stats))
            {
                batch.Add(line.Json);
                if (batch.Count == 4096)
                {
                    batches.Add(batch, writerFailed.Token);
                    batch = new List<byte[]>(4096);
                }
            }
            batches.Add(batch, writerFailed.Token);
        }
        catch (OperationCanceledException) when (writer.IsFaulted)
        {
            // The writer's own exception is rethrown below.
        }
        finally
        {
            batches.CompleteAdding();
            writer.GetAwaiter().GetResult();
        }
        return stats;
    }

    public IEnumerable<GeneratedLine> Generate(GenerationOptions options, GenerationStats? stats = null) =>
        new Run(this, options, stats ?? new GenerationStats()).Lines();

    private sealed class Run
    {
        private readonly HistoryGenerator _g;
        private readonly GenerationOptions _o;
        private readonly GenerationStats _stats;
        private readonly Random _random;
        private readonly ValueFactory _values;
        private readonly Downcaster _downcaster;
        private readonly PriorityQueue<Pending, (long, long)> _heap = new();
        private readonly Dictionary<string, List<string>> _ids = new(StringComparer.Ordinal);
        private readonly List<QuarantineReason> _badKinds;
        private readonly ArrayBufferWriter<byte> _buffer = new(1024);
        private readonly Utf8JsonWriter _writer;
        private readonly double[] _shares;
        private long _sequence;
        private long _lastRecorded;
        private int _badCursor;

        public Run(HistoryGenerator g, GenerationOptions o, GenerationStats stats)
        {
            _g = g;
            _o = o;
            _stats = stats;
            _random = new Random(o.Seed);
            _values = new ValueFactory(g._settings, _random);
            _downcaster = new Downcaster(g._pipeline.Catalog, _values);
            // Relaxed escaping writes non-ASCII as UTF-8 (as most producers do) and skips a per-character encoder check.
            _writer = new Utf8JsonWriter(_buffer, new JsonWriterOptions { SkipValidation = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
            _badKinds = QuarantineReasons.All.Where(CanProduce).ToList();
            _shares = g._settings.Aggregates.Select(a => a.Share).ToArray();
        }

        /// <summary>A line waiting in the heap; what it counts for in the stats is recorded when it is emitted, so lines left in the heap when the run stops are not counted.</summary>
        private sealed record Pending(byte[] Json, int PatchAt, string Type, string? AggregateId, long Recorded)
        {
            public EventTypeSchema? CountType { get; init; }
            public int CountVersion { get; init; }
            /// <summary>True when a duplicate reuses the bytes, so emitting must patch a copy.</summary>
            public bool Shared { get; init; }
            public bool Duplicate { get; init; }
            public bool Late { get; init; }
            public QuarantineReason? Bad { get; init; }
        }

        public IEnumerable<GeneratedLine> Lines()
        {
            var s = _g._settings;
            var specs = s.Aggregates;
            var totalShare = specs.Sum(a => a.Share);
            var perAggregate = specs.Sum(a => a.Share * a.ExpectedEvents) / totalShare;
            var aggregates = Math.Max(1, (long)Math.Ceiling(_o.Events / perAggregate));
            var spanTicks = TimeSpan.FromDays(s.Days).Ticks;
            var counters = new long[specs.Count];
            var emitted = 0L;

            for (long a = 0; emitted < _o.Events; a++)
            {
                var start = s.Start.Ticks + (long)(spanTicks * (double)a / aggregates) + _random.NextInt64(0, TimeSpan.TicksPerMinute);
                while (_heap.Count > 0 && _heap.Peek().Recorded <= start)
                {
                    yield return Emit(_heap.Dequeue());
                    if (++emitted >= _o.Events) { PublishCounts(); yield break; }
                }
                if (a > aggregates * 4) break; // every lifecycle generated and drained; guards a pipeline whose lifecycles make no events
                var k = Pick(_shares);
                var spec = specs[k];
                var id = spec.FormatId(++counters[k]);
                Live(spec, id, new DateTime(start, DateTimeKind.Utc));
                (_ids.TryGetValue(spec.Name, out var l) ? l : _ids[spec.Name] = []).Add(id);
            }
            while (_heap.Count > 0 && emitted < _o.Events)
            {
                yield return Emit(_heap.Dequeue());
                emitted++;
            }
            PublishCounts();
        }

        private void Live(AggregateSpec spec, string id, DateTime start)
        {
            var life = new AggregateLife(spec, id, name => _ids.TryGetValue(name, out var l) ? l : [],
                name => _g._settings.Aggregates.FirstOrDefault(a => a.Name == name)?.FormatId(1));
            var t = start;
            var first = true;
            foreach (var step in spec.Lifecycle)
            {
                if (_random.NextDouble() >= step.Probability)
                {
                    if (step.StopWhenSkipped) return;
                    continue;
                }
                var count = _random.Next(step.MinCount, step.MaxCount + 1);
                for (var c = 0; c < count; c++)
                {
                    var typeName = step.Events.Count == 1 ? step.Events[0].Type : step.Events[Pick(step.Weights)].Type;
                    var type = _g._pipeline.Catalog[typeName];
                    if (!first) t = t.AddTicks(TimeSpan.TicksPerSecond * 5 + (long)(-Math.Log(1 - _random.NextDouble()) * spec.Spacing.Ticks));
                    t = new DateTime(t.Ticks - t.Ticks % TimeSpan.TicksPerMillisecond, DateTimeKind.Utc);
                    var latest = _values.Make(type, life, t);
                    life.Remember(type.Name, latest);
                    // The first event of a life is never late, so no file ever shows an aggregate's later events without its first.
                    var late = !first && _random.NextDouble() < _o.LateShare;
                    var delay = late ? (long)(_random.NextDouble() * _o.MaxLateness.Ticks) : _random.NextInt64(TimeSpan.TicksPerMillisecond, 2 * TimeSpan.TicksPerSecond);
                    var version = PickVersion(type, t);
                    var data = version == type.LatestVersion ? latest : _downcaster.Downcast(type, latest, version, t);
                    var eventId = NewId();
                    var pending = Serialize(eventId, type.Name, version, t, id, spec.Name, data, t.Ticks + delay) with { CountType = type, CountVersion = version, Late = late };
                    Push(pending);
                    if (_random.NextDouble() < _o.DuplicateShare)
                    {
                        pending = pending with { Shared = true };
                        Push(pending with { Recorded = pending.Recorded + _random.NextInt64(TimeSpan.TicksPerSecond, TimeSpan.TicksPerHour * 6), Duplicate = true, Late = false });
                    }
                    if (_badKinds.Count > 0 && _random.NextDouble() < _o.BadShare) Push(MakeBad(type, life, t, spec.Name));
                    first = false;
                }
            }
        }

        /// <summary>Version v becomes available at (v-1)/N of the span; a quarter of producers still send an older one.</summary>
        private int PickVersion(EventTypeSchema type, DateTime t)
        {
            var oldest = _downcaster.OldestReachable(type);
            var n = type.LatestVersion;
            var fraction = Math.Clamp((t - _g._settings.Start).Ticks / (double)TimeSpan.FromDays(_g._settings.Days).Ticks, 0, 0.999);
            var newest = Math.Max(oldest, Math.Min(n, 1 + (int)(fraction * n)));
            if (newest > oldest && _random.NextDouble() < 0.25) return _random.Next(oldest, newest);
            return newest;
        }

        private Pending Serialize(string eventId, string type, object version, DateTime occurred, string? aggregateId, string aggregate, DataObject data, long recorded)
        {
            _buffer.ResetWrittenCount();
            _writer.Reset(_buffer);
            _writer.WriteStartObject();
            _writer.WriteStartObject("metadata");
            _writer.WriteString("id", eventId);
            _writer.WriteString("type", type);
            if (version is int v) _writer.WriteNumber("version", v); else _writer.WriteString("version", (string)version);
            _writer.WriteString("occurred_at", Timestamps.Format(occurred));
            _writer.WriteString("producer", aggregate + "-service");
            if (aggregateId is not null) _writer.WriteString("aggregate_id", aggregateId);
            _writer.WriteString("recorded_at", Placeholder);
            _writer.WriteEndObject();
            _writer.WritePropertyName("data");
            JsonDataWriter.WriteObject(_writer, data);
            _writer.WriteEndObject();
            _writer.Flush();
            var bytes = _buffer.WrittenSpan.ToArray();
            return new Pending(bytes, bytes.AsSpan().IndexOf(PlaceholderBytes), type, aggregateId, recorded);
        }

        private GeneratedLine Emit(Pending p)
        {
            var recorded = Math.Max(p.Recorded, _lastRecorded + Timestamps.TicksPerMicrosecond);
            recorded -= recorded % Timestamps.TicksPerMicrosecond;
            _lastRecorded = recorded;
            var json = p.Json;
            if (p.PatchAt >= 0)
            {
                if (p.Shared) json = (byte[])p.Json.Clone();
                Span<char> text = stackalloc char[Placeholder.Length];
                Timestamps.Format(new DateTime(recorded, DateTimeKind.Utc), text, fixedMicros: true);
                Encoding.ASCII.GetBytes(text, json.AsSpan(p.PatchAt, Placeholder.Length));
            }
            _stats.Lines++;
            if (p.CountType is not null) Count(p.CountType, p.CountVersion);
            if (p.Duplicate) _stats.Duplicates++;
            if (p.Late) _stats.Late++;
            if (p.Bad is { } reason) _stats.BadByReason[reason] = _stats.BadByReason.GetValueOrDefault(reason) + 1;
            return new GeneratedLine(json, p.Type, p.AggregateId, new DateTime(recorded, DateTimeKind.Utc));
        }

        private void Push(Pending p) => _heap.Enqueue(p, (p.Recorded, _sequence++));

        private readonly Dictionary<(EventTypeSchema, int), long> _counts = [];

        private void Count(EventTypeSchema type, int version) =>
            _counts[(type, version)] = _counts.GetValueOrDefault((type, version)) + 1;

        /// <summary>Counts are kept by (type, version) on the hot path and named once at the end.</summary>
        private void PublishCounts()
        {
            foreach (var ((type, version), n) in _counts) _stats.ByTypeAndVersion[$"{type.Name} v{version}"] = n;
        }

        private int Pick(double[] weights)
        {
            var total = 0.0;
            foreach (var w in weights) total += w;
            var r = _random.NextDouble() * total;
            for (var i = 0; i < weights.Length; i++)
            {
                r -= weights[i];
                if (r < 0) return i;
            }
            return weights.Length - 1;
        }

        private string NewId()
        {
            Span<byte> b = stackalloc byte[16];
            _random.NextBytes(b);
            b[7] = (byte)((b[7] & 0x0F) | 0x40); // version 4 (Guid's byte order puts the version in byte 7)
            b[8] = (byte)((b[8] & 0x3F) | 0x80);
            return new Guid(b).ToString("D");
        }

        private bool CanProduce(QuarantineReason reason) => reason switch
        {
            QuarantineReason.UnmappedValue => FindStep<MapValues>(m => !m.HasFallback) is not null,
            QuarantineReason.UpcasterFailed => FindStep<GroupFields>(_ => true) is not null || FindStep<RenameField>(_ => true) is not null,
            QuarantineReason.MissingField => _g._pipeline.Catalog.Types.Any(t => t.Latest.Fields.Fields.Any(f => f.Required && !f.HasDefault)),
            _ => true,
        };

        private (EventTypeSchema Type, int Version, T Op)? FindStep<T>(Func<T, bool> match) where T : UpcastOperation
        {
            foreach (var t in _g._pipeline.Catalog.Types)
            {
                for (var v = Math.Max(2, _downcaster.OldestReachable(t) + 1); v <= t.LatestVersion; v++)
                {
                    foreach (var op in t.Version(v).UpcastFromPrevious.OfType<T>())
                    {
                        if (op.Location.Line >= 0 && match(op) && (op is not RenameField r || r.From.Segments.Count == 1)) return (t, v, op);
                    }
                }
            }
            return null;
        }

        /// <summary>Four kinds of broken lines in turn: cut short, a version that is not a number, bytes that are neither JSON nor UTF-8, an unreadable time.</summary>
        private Pending MakeMalformed(EventTypeSchema type, AggregateLife life, DateTime t, string aggregate, DataObject latest, long recorded)
        {
            var good = Serialize(NewId(), type.Name, type.LatestVersion, t, life.Id, aggregate, latest, recorded);
            switch (_badCursor / _badKinds.Count % 4)
            {
                case 0:
                    return good with { Json = good.Json[..(good.Json.Length / 2)], PatchAt = -1 };
                case 1:
                    return Serialize(NewId(), type.Name, "two", t, life.Id, aggregate, latest, recorded);
                case 2:
                    return good with { Json = [.. "garbage from a misconfigured producer: "u8, 0xFF, 0xFE], PatchAt = -1 };
                default:
                    var json = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(good.Json).Replace("\"occurred_at\":\"", "\"occurred_at\":\"yesterday ", StringComparison.Ordinal));
                    return good with { Json = json, PatchAt = json.AsSpan().IndexOf(PlaceholderBytes) };
            }
        }

        private Pending MakeBad(EventTypeSchema type, AggregateLife life, DateTime t, string aggregate)
        {
            var reason = _badKinds[_badCursor++ % _badKinds.Count];
            return MakeBad(reason, type, life, t, aggregate) with { Bad = reason };
        }

        private Pending MakeBad(QuarantineReason reason, EventTypeSchema type, AggregateLife life, DateTime t, string aggregate)
        {
            var recorded = t.Ticks + _random.NextInt64(TimeSpan.TicksPerSecond, TimeSpan.TicksPerMinute * 10);
            var latest = _values.Make(type, life, t);
            switch (reason)
            {
                case QuarantineReason.Malformed:
                    return MakeMalformed(type, life, t, aggregate, latest, recorded);
                case QuarantineReason.UnknownEventType:
                    return Serialize(NewId(), type.Name + "_unknown", 1, t, life.Id, aggregate, latest, recorded);
                case QuarantineReason.UnknownVersion:
                    return Serialize(NewId(), type.Name, type.LatestVersion + 1, t, life.Id, aggregate, latest, recorded);
                case QuarantineReason.MissingField:
                {
                    var target = type.Latest.Fields.Fields.Any(f => f.Required && !f.HasDefault) ? type
                        : _g._pipeline.Catalog.Types.First(x => x.Becomes is null && x.Latest.Fields.Fields.Any(f => f.Required && !f.HasDefault));
                    var data = target == type ? latest : _values.Make(target, life, t);
                    data.Remove(target.Latest.Fields.Fields.First(f => f.Required && !f.HasDefault).Name);
                    return Serialize(NewId(), target.Name, target.LatestVersion, t, life.Id, aggregate, data, recorded);
                }
                case QuarantineReason.TypeMismatch:
                {
                    var field = type.Latest.Fields.Fields.FirstOrDefault(f => f.Type.Kind is FieldKind.Int32 or FieldKind.Int64 or FieldKind.Decimal or FieldKind.Double or FieldKind.Bool)
                                ?? type.Latest.Fields.Fields.First();
                    latest.Set(field.Name, field.Type.Kind == FieldKind.String ? 42m : "not-a-" + field.Type.Kind.ToString().ToLowerInvariant());
                    return Serialize(NewId(), type.Name, type.LatestVersion, t, life.Id, aggregate, latest, recorded);
                }
                case QuarantineReason.UnmappedValue:
                {
                    var (mt, mv, map) = FindStep<MapValues>(m => !m.HasFallback)!.Value;
                    var data = _downcaster.Downcast(mt, _values.Make(mt, life, t), mv - 1, t);
                    data.Set(map.Field.Leaf, "ZZ");
                    return Serialize(NewId(), mt.Name, mv - 1, t, life.Id, aggregate, data, recorded);
                }
                default:
                {
                    var group = FindStep<GroupFields>(_ => true);
                    var (gt, gv, op) = group is { } g ? (g.Type, g.Version, (UpcastOperation)g.Op) : FindStep<RenameField>(_ => true) is { } r ? (r.Type, r.Version, r.Op) : throw new InvalidOperationException();
                    var data = _downcaster.Downcast(gt, _values.Make(gt, life, t), gv - 1, t);
                    if (op is GroupFields gf) { data.Set(gf.Into, "conflicting value"); data.Set(gf.Fields[0].From, "x"); }
                    else if (op is RenameField rf) { data.Set(rf.To, "conflicting value"); data.Set(rf.From.Leaf, "x"); }
                    return Serialize(NewId(), gt.Name, gv - 1, t, life.Id, aggregate, data, recorded);
                }
            }
        }
    }
}

using System.Text;
using Lake.Core.Data;
using Lake.Core.Schema;
using Lake.Core.Upcasting;
using Lake.Core.Upcasting.Operations;
using Lake.Pipelines;

namespace Lake.Generation;

/// <summary>
/// Generates the lines of one aggregate's life: its events at their latest version, downcast to the version its producer
/// sent, serialised, with late copies, duplicates and bad lines mixed in. One per generating thread; each life draws from
/// its own random stream, so which thread generates it does not change it.
/// </summary>
internal sealed class LifeGenerator
{
    internal const string Placeholder = "9999-12-31T23:59:59.999999Z";
    internal static readonly byte[] PlaceholderBytes = Encoding.ASCII.GetBytes(Placeholder);

    private readonly PipelineDefinition _pipeline;
    private readonly GeneratorSettings _settings;
    private readonly GenerationOptions _o;
    private readonly Prng _random = new(0);
    private readonly ValueFactory _values;
    private readonly Downcaster _downcaster;
    private readonly List<QuarantineReason> _badKinds;
    private readonly JsonLineWriter _json = new();
    private List<PendingLine> _lines = null!;
    /// <summary>Where the current batch's lines are written.</summary>
    private LineScratch _scratch = null!;
    private int _badCursor;

    public LifeGenerator(PipelineDefinition pipeline, GeneratorSettings settings, GenerationOptions options)
    {
        _pipeline = pipeline;
        _settings = settings;
        _o = options;
        _values = new ValueFactory(settings, _random);
        _downcaster = new Downcaster(pipeline.Catalog, _values);
        _badKinds = QuarantineReasons.All.Where(CanProduce).ToList();
    }

    /// <summary>
    /// Appends the lines of one aggregate's life to <paramref name="scratch"/>, drawn from the stream <paramref name="seed"/>;
    /// <paramref name="refs"/> gives the ids of aggregates created before it.
    /// </summary>
    public void Live(AggregateSpec spec, string id, DateTime start, ulong seed, Func<string, IReadOnlyList<string>> refs, LineScratch scratch)
    {
        _scratch = scratch;
        _random.Reseed(seed);
        // Where this life starts in the rotation over bad kinds (and, for malformed lines, over their four shapes).
        _badCursor = _random.Next(Math.Max(1, _badKinds.Count * 4));
        _lines = scratch.Lines;
        try
        {
            Run(spec, new AggregateLife(spec, id, refs, _firstIdOf ??= FirstIdOf), start);
        }
        finally
        {
            // The life's data is all written into its lines: its objects serve the next life.
            _values.Objects.ReturnAll();
            _lines = null!;
        }
    }

    private readonly Dictionary<string, string> _producers = new(StringComparer.Ordinal);

    /// <summary>The producer name of an aggregate kind (orders -> orders-service), built once.</summary>
    private string Producer(string aggregate) =>
        _producers.TryGetValue(aggregate, out var name) ? name : _producers[aggregate] = aggregate + "-service";

    /// <summary><see cref="FirstIdOf"/> as a delegate, made once rather than per life.</summary>
    private Func<string, string?>? _firstIdOf;

    private string? FirstIdOf(string aggregate) => _settings.Aggregates.FirstOrDefault(a => a.Name == aggregate)?.FormatId(1);

    private void Run(AggregateSpec spec, AggregateLife life, DateTime start)
    {
        var id = life.Id;
        var t = start;
        var first = true;
        var lifecycle = spec.Lifecycle;
        for (var s = 0; s < lifecycle.Count; s++)
        {
            var step = lifecycle[s];
            if (_random.NextDouble() >= step.Probability)
            {
                if (step.StopWhenSkipped) return;
                continue;
            }
            var count = _random.Next(step.MinCount, step.MaxCount + 1);
            for (var c = 0; c < count; c++)
            {
                var typeName = step.Events.Count == 1 ? step.Events[0].Type : step.Events[Pick(_random, step.Weights)].Type;
                var type = _pipeline.Catalog[typeName];
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
                var pending = Serialize(eventId, type.Name, version, t, id, spec.Name, data, t.Ticks + delay, countType: type, late: late);
                _lines.Add(pending);
                if (_random.NextDouble() < _o.DuplicateShare)
                {
                    // The same bytes: each line is copied out of the scratch on its own, and patched there.
                    _lines.Add(pending with { Recorded = pending.Recorded + _random.NextInt64(TimeSpan.TicksPerSecond, TimeSpan.TicksPerHour * 6), Duplicate = true, Late = false });
                }
                if (_badKinds.Count > 0 && _random.NextDouble() < _o.BadShare) _lines.Add(MakeBad(type, life, t, spec.Name));
                first = false;
            }
        }
    }


    /// <summary>Version v becomes available at (v-1)/N of the span; a quarter of producers still send an older one.</summary>
    private int PickVersion(EventTypeSchema type, DateTime t)
    {
        var oldest = _downcaster.OldestReachable(type);
        var n = type.LatestVersion;
        var fraction = Math.Clamp((t - _settings.Start).Ticks / (double)TimeSpan.FromDays(_settings.Days).Ticks, 0, 0.999);
        var newest = Math.Max(oldest, Math.Min(n, 1 + (int)(fraction * n)));
        if (newest > oldest && _random.NextDouble() < 0.25) return _random.Next(oldest, newest);
        return newest;
    }


    // Names written for every line, encoded once.
    private static readonly byte[] MetadataName = JsonLineWriter.EncodeName("metadata");
    private static readonly byte[] IdName = JsonLineWriter.EncodeName("id");
    private static readonly byte[] TypeName = JsonLineWriter.EncodeName("type");
    private static readonly byte[] VersionName = JsonLineWriter.EncodeName("version");
    private static readonly byte[] OccurredAtName = JsonLineWriter.EncodeName("occurred_at");
    private static readonly byte[] ProducerName = JsonLineWriter.EncodeName("producer");
    private static readonly byte[] AggregateIdName = JsonLineWriter.EncodeName("aggregate_id");
    private static readonly byte[] RecordedAtName = JsonLineWriter.EncodeName("recorded_at");
    private static readonly byte[] DataName = JsonLineWriter.EncodeName("data");

    /// <summary>The line as a producer sends it (recorded_at left as a placeholder, patched when the line's turn comes); <paramref name="versionText"/> replaces the version with a string.</summary>
    private PendingLine Serialize(Guid eventId, string type, int version, DateTime occurred, string? aggregateId, string aggregate, DataObject data, long recorded,
        string? versionText = null, EventTypeSchema? countType = null, bool late = false)
    {
        var w = _json;
        w.Reset();
        w.StartObject();
        w.Name(MetadataName);
        w.StartObject();
        // The id is ASCII, written as bytes straight away.
        Span<byte> text = stackalloc byte[36];
        eventId.TryFormat(text, out var idLength, "D");
        w.Name(IdName);
        w.AsciiString(text[..idLength]);
        w.Name(TypeName);
        w.String(type);
        w.Name(VersionName);
        if (versionText is null) w.Number(version); else w.String(versionText);
        w.Name(OccurredAtName);
        w.Timestamp(occurred);
        w.Name(ProducerName);
        w.String(Producer(aggregate));
        if (aggregateId is not null)
        {
            w.Name(AggregateIdName);
            w.String(aggregateId);
        }
        w.Name(RecordedAtName);
        w.AsciiString(PlaceholderBytes);
        // The placeholder ends just before the closing quote of what was written so far.
        var patchAt = w.Length - 1 - PlaceholderBytes.Length;
        w.EndObject();
        w.Name(DataName);
        w.Object(data);
        w.EndObject();
        return new PendingLine(_scratch.Append(w.Written), patchAt, type, aggregateId, recorded) { CountType = countType, CountVersion = version, Late = late };
    }


    /// <summary>An index drawn with the given weights.</summary>
    internal static int Pick(Prng random, double[] weights)
    {
        var total = 0.0;
        foreach (var w in weights) total += w;
        var r = random.NextDouble() * total;
        for (var i = 0; i < weights.Length; i++)
        {
            r -= weights[i];
            if (r < 0) return i;
        }
        return weights.Length - 1;
    }


    private Guid NewId()
    {
        Span<byte> b = stackalloc byte[16];
        _random.NextBytes(b);
        b[7] = (byte)((b[7] & 0x0F) | 0x40); // version 4 (Guid's byte order puts the version in byte 7)
        b[8] = (byte)((b[8] & 0x3F) | 0x80);
        return new Guid(b);
    }


    private bool CanProduce(QuarantineReason reason) => reason switch
    {
        QuarantineReason.UnmappedValue => FindStep<MapValues>(m => !m.HasFallback) is not null,
        QuarantineReason.UpcasterFailed => FindStep<GroupFields>(_ => true) is not null || FindStep<RenameField>(_ => true) is not null,
        QuarantineReason.MissingField => _pipeline.Catalog.Types.Any(t => t.Latest.Fields.Fields.Any(f => f.Required && !f.HasDefault)),
        _ => true,
    };

    private (EventTypeSchema Type, int Version, T Op)? FindStep<T>(Func<T, bool> match) where T : UpcastOperation
    {
        foreach (var t in _pipeline.Catalog.Types)
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
    private PendingLine MakeMalformed(EventTypeSchema type, AggregateLife life, DateTime t, string aggregate, DataObject latest, long recorded)
    {
        var good = Serialize(NewId(), type.Name, type.LatestVersion, t, life.Id, aggregate, latest, recorded);
        switch (_badCursor / _badKinds.Count % 4)
        {
            case 0:
                return good with { Json = good.Json with { Length = good.Json.Length / 2 }, PatchAt = -1 };
            case 1:
                return Serialize(NewId(), type.Name, 0, t, life.Id, aggregate, latest, recorded, versionText: "two");
            case 2:
                return good with { Json = _scratch.Append([.. "garbage from a misconfigured producer: "u8, 0xFF, 0xFE]), PatchAt = -1 };
            default:
                var json = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(good.Json.Span).Replace("\"occurred_at\":\"", "\"occurred_at\":\"yesterday ", StringComparison.Ordinal));
                return good with { Json = _scratch.Append(json), PatchAt = json.AsSpan().IndexOf(PlaceholderBytes) };
        }
    }

    private PendingLine MakeBad(EventTypeSchema type, AggregateLife life, DateTime t, string aggregate)
    {
        var reason = _badKinds[_badCursor++ % _badKinds.Count];
        return MakeBad(reason, type, life, t, aggregate) with { Bad = reason };
    }

    private PendingLine MakeBad(QuarantineReason reason, EventTypeSchema type, AggregateLife life, DateTime t, string aggregate)
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
                    : _pipeline.Catalog.Types.First(x => x.Becomes is null && x.Latest.Fields.Fields.Any(f => f.Required && !f.HasDefault));
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

using Lake.Core.Catalog;
using Lake.Core.Data;
using Lake.Core.Envelope;
using Lake.Core.Schema;
using Lake.Core.Validation;

namespace Lake.Core.Upcasting;

/// <summary>
/// Turns any historical version of any event into the catalog's latest version, validated, or a quarantine verdict.
/// Pure and deterministic: the same bytes and catalog give the same result. Thread-safe.
/// </summary>
public sealed class Upcaster(EventCatalog catalog)
{
    /// <summary>Guards against C# upcasters that keep producing events of earlier versions.</summary>
    private const int MaxSteps = 256;

    private readonly LatestSchemas _latest = new(catalog);

    /// <summary>Per type: its C# upcasters by from-version and its validator, looked up once per type an event passes through.</summary>
    private readonly Dictionary<string, TypePlan> _plans = catalog.Types.ToDictionary(
        t => t.Name,
        t => new TypePlan(t, Enumerable.Range(0, t.LatestVersion + 1).Select(v => catalog.CodeUpcaster(t.Name, v)).ToArray(), catalog.Validator(t.Name)),
        StringComparer.Ordinal);

    private sealed record TypePlan(EventTypeSchema Type, IEventUpcaster?[] CodeByVersion, EventValidator Validator);

    public EventCatalog Catalog { get; } = catalog;

    /// <summary>Decodes one JSON event and upcasts it.</summary>
    public UpcastResult Process(ReadOnlySpan<byte> utf8)
    {
        var decoded = Decode(utf8);
        if (!decoded.IsSuccess) return UpcastResult.Quarantined(new UpcastError(QuarantineReason.Malformed, decoded.Error!), decoded.Type, decoded.Version);
        return Upcast(decoded.Envelope!);
    }

    /// <summary>
    /// <see cref="EnvelopeDecoder.Decode(ReadOnlySpan{byte})"/>, except that an event sent at its type's latest version is read
    /// straight into typed values when it is clean (most events are): <see cref="Upcast"/> then only wraps them.
    /// </summary>
    public DecodeResult Decode(ReadOnlySpan<byte> utf8) => EnvelopeDecoder.Decode(utf8, _latest);

    public UpcastResult Upcast(EventEnvelope envelope)
    {
        if (envelope.Latest is { } latest) return FromLatest(envelope, latest);
        if (envelope.Data is null) throw new ArgumentException($"the envelope of event '{envelope.Id}' carries no data", nameof(envelope));

        if (!_plans.TryGetValue(envelope.Type, out var plan))
        {
            return UpcastResult.Quarantined(new UpcastError(QuarantineReason.UnknownEventType,
                $"event type '{JsonValues.Truncate(envelope.Type)}' is not in the catalog; declare it in the pipeline's events/ folder"), envelope.Type, envelope.Version);
        }
        var type = plan.Type;
        if (envelope.Version > type.LatestVersion)
        {
            return UpcastResult.Quarantined(new UpcastError(QuarantineReason.UnknownVersion,
                $"{type.Name} version {envelope.Version} is newer than the catalog's latest ({type.LatestVersion}); add version {envelope.Version} to the catalog"),
                type.Name, envelope.Version);
        }

        var data = envelope.Data;
        var received = type.Version(envelope.Version).Fields;
        var unknown = UnknownFields.Collect(data, received);
        if (envelope.Version < type.LatestVersion)
        {
            // The latest version is validated in full at the end; an older one is held to its own required fields here,
            // because its upcast steps may turn a missing value into an optional one.
            NullValues.Apply(data, received);
            foreach (var i in received.RequiredWithoutDefault)
            {
                if (data[received.InternedName(i)] is null)
                {
                    return UpcastResult.Quarantined(new UpcastError(QuarantineReason.MissingField,
                        $"{type.Name} v{envelope.Version}: required field '{received[i].Name}' is missing"), envelope.Type, envelope.Version, unknown);
                }
            }
        }
        var draft = new EventDraft
        {
            Id = envelope.Id,
            Type = type.Name,
            Version = envelope.Version,
            OccurredAt = envelope.OccurredAt,
            AggregateId = envelope.AggregateId,
            Data = data,
        };

        // Most events upcast to exactly one event: collect into a list only when a C# upcaster splits one.
        var outputs = new Outputs();
        var steps = 0;
        var error = Run(draft, envelope, ref outputs, ref steps, plan);
        if (error is not null) return UpcastResult.Quarantined(error, envelope.Type, envelope.Version, unknown);
        if (outputs.Single is { } single) return UpcastResult.Curated(single, envelope.Type, envelope.Version, unknown);
        if (outputs.Count > 1 && outputs.Ids.Distinct(StringComparer.Ordinal).Count() != outputs.Count)
        {
            return UpcastResult.Quarantined(new UpcastError(QuarantineReason.UpcasterFailed,
                $"{type.Name} v{envelope.Version}: a C# upcaster produced several events with the same id; use EventDraft.Derive"), envelope.Type, envelope.Version, unknown);
        }
        return UpcastResult.Curated(outputs.ToArray(), envelope.Type, envelope.Version, unknown);
    }

    /// <summary>An event the decoder read straight into its type's latest schema: already validated, so it only needs wrapping.</summary>
    private UpcastResult FromLatest(EventEnvelope envelope, LatestValues latest)
    {
        if (!ReferenceEquals(latest.Source, _latest))
        {
            throw new ArgumentException($"event '{envelope.Id}' was decoded against another catalog; decode it with this upcaster's Decode", nameof(envelope));
        }
        var unknown = latest.Unknown is { Count: > 1 } u ? [.. u.Distinct(StringComparer.Ordinal)] : latest.Unknown;
        var curated = Curated(envelope, latest.Type, envelope.Id, envelope.OccurredAt, envelope.AggregateId, latest.Values);
        return UpcastResult.Curated(curated, envelope.Type, envelope.Version, unknown);
    }

    /// <summary>A curated event: what the upcast made of it (type, id, times, aggregate, values) and what was received.</summary>
    private static CuratedEvent Curated(EventEnvelope envelope, EventTypeSchema type, string id, DateTime occurredAt, string? aggregateId, object?[] values) => new()
    {
        Id = id,
        Type = type,
        ReceivedType = envelope.Type,
        ReceivedVersion = envelope.Version,
        OccurredAt = occurredAt,
        RecordedAt = envelope.RecordedAt,
        Producer = envelope.Producer,
        AggregateId = aggregateId,
        Values = values,
    };

    private struct Outputs
    {
        public CuratedEvent? Single;
        private List<CuratedEvent>? _many;

        public readonly int Count => _many?.Count ?? (Single is null ? 0 : 1);

        public void Add(CuratedEvent e)
        {
            if (_many is null && Single is null) { Single = e; return; }
            _many ??= [Single!];
            Single = null;
            _many.Add(e);
        }

        public readonly IEnumerable<string> Ids => _many?.Select(o => o.Id) ?? (Single is null ? [] : [Single.Id]);

        public readonly CuratedEvent[] ToArray() => _many?.ToArray() ?? (Single is null ? [] : [Single]);
    }

    private UpcastError? Run(EventDraft draft, EventEnvelope envelope, ref Outputs outputs, ref int steps, TypePlan? plan = null)
    {
        while (true)
        {
            if (++steps > MaxSteps)
            {
                return new UpcastError(QuarantineReason.UpcasterFailed, $"{envelope.Type} v{envelope.Version}: upcasting did not reach a latest version within {MaxSteps} steps");
            }
            if (plan is null || !string.Equals(plan.Type.Name, draft.Type, StringComparison.Ordinal)) plan = _plans.GetValueOrDefault(draft.Type);
            var type = plan?.Type;
            if (type is null || draft.Version < 1 || draft.Version > type.LatestVersion)
            {
                return new UpcastError(QuarantineReason.UpcasterFailed,
                    $"{envelope.Type} v{envelope.Version}: a C# upcaster produced {draft.Type} v{draft.Version}, which the catalog does not declare");
            }
            NullValues.Apply(draft.Data, type.Version(draft.Version).Fields);

            if (plan!.CodeByVersion[draft.Version] is { } code)
            {
                var from = draft.Version;
                List<EventDraft> produced;
                try
                {
                    produced = [.. code.Upcast(draft)];
                }
                catch (EventRejectedException e)
                {
                    return new UpcastError(e.Reason, $"{type.Name} v{draft.Version}: {e.Message}");
                }
                catch (Exception e)
                {
                    return new UpcastError(QuarantineReason.UpcasterFailed, $"{type.Name} v{draft.Version}: {code.GetType().Name} failed: {e.GetType().Name}: {e.Message}");
                }
                foreach (var next in produced)
                {
                    if (next.Type == type.Name && next.Version <= from)
                    {
                        return new UpcastError(QuarantineReason.UpcasterFailed,
                            $"{type.Name} v{from}: {code.GetType().Name} returned {next.Type} v{next.Version}; an upcaster must move events to a later version");
                    }
                    if (Run(next, envelope, ref outputs, ref steps) is { } e) return e;
                }
                return null;
            }

            if (draft.Version < type.LatestVersion)
            {
                var step = new UpcastStep(type.Name, draft.Version);
                var ops = type.Version(draft.Version + 1).UpcastFromPrevious;
                for (var i = 0; i < ops.Count; i++)
                {
                    if (ops[i].Apply(draft.Data, step) is { } e) return e;
                }
                draft.Version++;
                continue;
            }

            if (type.Becomes is { } b)
            {
                draft.Type = b.Type;
                draft.Version = b.Version;
                continue;
            }

            var values = plan.Validator.Validate(draft.Data, out var error);
            if (values is null) return error;
            outputs.Add(Curated(envelope, type, draft.Id, draft.OccurredAt, draft.AggregateId, values));
            return null;
        }
    }
}

using System.Buffers;
using System.Text.Json;
using System.Text.Unicode;
using Lake.Core.Data;
using Lake.Core.Upcasting;
using Lake.Core.Validation;

namespace Lake.Core.Envelope;

/// <summary>Decodes one JSON event, Lake's envelope or CloudEvents 1.0 structured mode, without throwing on bad data.</summary>
public static class EnvelopeDecoder
{
    private static readonly JsonReaderOptions Options = new() { MaxDepth = 64, CommentHandling = JsonCommentHandling.Disallow };

    public static DecodeResult Decode(ReadOnlySpan<byte> utf8) => Decode(utf8, latest: null);

    /// <summary>
    /// Decodes; with <paramref name="latest"/>, an event whose type and version precede its data and name a type's latest
    /// version, or an older one whose steps have a <see cref="VersionPlan"/>, has its data read straight into the latest
    /// schema's typed values (<see cref="EventEnvelope.Latest"/>) when it is clean.
    /// </summary>
    /// <remarks>
    /// <paramref name="lean"/>: read with <see cref="SpanJsonReader"/> first (false: only with <see cref="Utf8JsonReader"/>,
    /// the reference the tests hold the lean reading to).
    /// </remarks>
    internal static DecodeResult Decode(ReadOnlySpan<byte> utf8, LatestSchemas? latest, bool lean = true)
    {
        var fields = new WireFields();
        // The lean reader checks the UTF-8 as it reads; what it refuses is checked here first.
        if (!lean || !TryReadLean(utf8, ref fields, latest))
        {
            // Utf8JsonReader only validates UTF-8 in strings that are read as strings: property names and skipped values pass unchecked.
            if (!Utf8.IsValid(utf8)) return DecodeResult.Malformed($"not valid JSON: the bytes are not valid UTF-8 (at byte {InvalidUtf8Offset(utf8)})");
            // The reader of record reads it again: its verdict, and the fields read before the error, are the ones reported.
            fields = new WireFields();
            var reader = new SystemJsonTokens(new Utf8JsonReader(utf8, Options));
            try
            {
                if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                {
                    return DecodeResult.Malformed("not a JSON object");
                }
                ReadTopLevel(ref reader, ref fields, latest);
                if (reader.Read()) return DecodeResult.Malformed("trailing content after the JSON object");
            }
            catch (JsonException e)
            {
                return DecodeResult.Malformed("not valid JSON: " + Clean(e.Message), fields.TypeOrNull, fields.Version);
            }
            catch (InvalidOperationException e)
            {
                // Utf8JsonReader reports invalid UTF-8 inside strings this way.
                return DecodeResult.Malformed("not valid JSON: " + Clean(e.Message), fields.TypeOrNull, fields.Version);
            }
        }

        if (fields.Latest is not null && (fields.LatestFor != fields.TypeOrNull || fields.LatestVersion != fields.Version))
        {
            // A type, version or metadata that came again after the data changed what the data is: read it the general way.
            return Decode(utf8, latest: null, lean);
        }
        return fields.IsCloudEvent ? BuildCloudEvent(ref fields) : BuildLakeEnvelope(ref fields);
    }

    /// <summary>
    /// Reads the event with <see cref="SpanJsonReader"/>; false for anything but a clean JSON object (bad JSON, a lone
    /// surrogate in an escape, a number too large), which the caller reads again with <see cref="Utf8JsonReader"/>.
    /// </summary>
    private static bool TryReadLean(ReadOnlySpan<byte> utf8, ref WireFields fields, LatestSchemas? latest)
    {
        var reader = new SpanJsonReader(utf8);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return false;
            ReadTopLevel(ref reader, ref fields, latest);
            return !reader.Read();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or ArgumentException)
        {
            return false;
        }
    }

    /// <summary>
    /// Reads the data (reader on its StartObject) straight into the latest schema's values, by the version's plan when it is an
    /// older one; false, with the reader where it was, when it cannot.
    /// </summary>
    private static bool TryReadLatest<R>(ref R reader, ref WireFields f, LatestSchemas latest) where R : IJsonTokens, allows ref struct
    {
        var type = f.HasMetadata ? f.Type : f.CeType;
        if (type is null || f.Version is not { } version || latest.Find(type, version, out var plan) is not { } schema) return false;
        var start = reader;
        try
        {
            List<string>? unknown = null;
            var aggregateId = f.HasMetadata ? f.AggregateId : f.CeSubject;
            var read = plan is null
                ? LatestValuesReader.TryRead(ref reader, schema.Latest.Fields, out var values, ref unknown, path: default, aggregateId)
                : PlannedValuesReader.TryRead(ref reader, plan, out values, aggregateId);
            if (read)
            {
                f.Latest = new LatestValues(latest, schema, values, unknown);
                f.LatestFor = type;
                f.LatestVersion = version;
                return true;
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            // The general path reads the same bytes again and reports what is wrong with them in its own words.
        }
        reader = start;
        return false;
    }

    private static void ReadTopLevel<R>(ref R reader, ref WireFields f, LatestSchemas? latest) where R : IJsonTokens, allows ref struct
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("metadata"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject) { f.HasMetadata = true; ReadMetadata(ref reader, ref f); }
                else { f.BadField ??= "metadata"; reader.Skip(); }
            }
            else if (reader.ValueTextEquals("data"u8))
            {
                reader.Read();
                f.Data = null;
                f.Latest = null;
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    if (latest is null || !TryReadLatest(ref reader, ref f, latest)) f.Data = JsonDataReader.ReadObject(ref reader);
                }
                else { f.DataNotObject = reader.TokenType.ToString(); reader.Skip(); }
            }
            else if (reader.ValueTextEquals("specversion"u8)) { reader.Read(); f.SpecVersion = ReadScalar(ref reader, ref f, "specversion"); }
            else if (reader.ValueTextEquals("id"u8)) { reader.Read(); f.CeId = ReadScalar(ref reader, ref f, "id"); }
            else if (reader.ValueTextEquals("type"u8)) { reader.Read(); f.CeType = ReadCached(ref reader, ref f, "type"); }
            else if (reader.ValueTextEquals("source"u8)) { reader.Read(); f.CeSource = ReadCached(ref reader, ref f, "source"); }
            else if (reader.ValueTextEquals("subject"u8)) { reader.Read(); f.CeSubject = ReadScalar(ref reader, ref f, "subject"); }
            else if (reader.ValueTextEquals("time"u8)) { reader.Read(); f.CeTime = ReadTime(ref reader, ref f, "time"); }
            else if (reader.ValueTextEquals("dataversion"u8)) { reader.Read(); ReadVersion(ref reader, ref f, "dataversion"); }
            else if (reader.ValueTextEquals("datacontenttype"u8)) { reader.Read(); f.CeContentType = ReadScalar(ref reader, ref f, "datacontenttype"); }
            else if (reader.ValueTextEquals("data_base64"u8)) { reader.Read(); f.HasDataBase64 = true; reader.Skip(); }
            else { reader.Read(); reader.Skip(); }
        }
    }

    private static void ReadMetadata<R>(ref R reader, ref WireFields f) where R : IJsonTokens, allows ref struct
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            switch (MetadataKeyOf(ref reader))
            {
                case MetadataKey.Id: reader.Read(); f.Id = ReadScalar(ref reader, ref f, "metadata.id"); break;
                case MetadataKey.Type: reader.Read(); f.Type = ReadCached(ref reader, ref f, "metadata.type"); break;
                case MetadataKey.Version: reader.Read(); ReadVersion(ref reader, ref f, "metadata.version"); break;
                case MetadataKey.OccurredAt: reader.Read(); f.OccurredAt = ReadTime(ref reader, ref f, "metadata.occurred_at"); break;
                case MetadataKey.RecordedAt: reader.Read(); f.RecordedAt = ReadTime(ref reader, ref f, "metadata.recorded_at"); break;
                case MetadataKey.Producer: reader.Read(); f.Producer = ReadCached(ref reader, ref f, "metadata.producer"); break;
                case MetadataKey.AggregateId: reader.Read(); f.AggregateId = ReadScalar(ref reader, ref f, "metadata.aggregate_id"); break;
                default: reader.Read(); reader.Skip(); break;
            }
        }
    }

    private enum MetadataKey { Other, Id, Type, Version, OccurredAt, RecordedAt, Producer, AggregateId }

    /// <summary>Which metadata field the reader's property name is: one comparison picked by length, not a chain of seven.</summary>
    private static MetadataKey MetadataKeyOf<R>(ref R reader) where R : IJsonTokens, allows ref struct
    {
        if (reader.ValueIsEscaped || reader.HasValueSequence) return MetadataKeyByText(ref reader);
        var name = reader.ValueSpan;
        return name.Length switch
        {
            2 when name.SequenceEqual("id"u8) => MetadataKey.Id,
            4 when name.SequenceEqual("type"u8) => MetadataKey.Type,
            7 when name.SequenceEqual("version"u8) => MetadataKey.Version,
            8 when name.SequenceEqual("producer"u8) => MetadataKey.Producer,
            11 when name.SequenceEqual("occurred_at"u8) => MetadataKey.OccurredAt,
            11 when name.SequenceEqual("recorded_at"u8) => MetadataKey.RecordedAt,
            12 when name.SequenceEqual("aggregate_id"u8) => MetadataKey.AggregateId,
            _ => MetadataKey.Other,
        };
    }

    /// <summary>An escaped name ("\u0069d" is "id") compared by its unescaped text.</summary>
    private static MetadataKey MetadataKeyByText<R>(ref R reader) where R : IJsonTokens, allows ref struct
    {
        if (reader.ValueTextEquals("id"u8)) return MetadataKey.Id;
        if (reader.ValueTextEquals("type"u8)) return MetadataKey.Type;
        if (reader.ValueTextEquals("version"u8)) return MetadataKey.Version;
        if (reader.ValueTextEquals("occurred_at"u8)) return MetadataKey.OccurredAt;
        if (reader.ValueTextEquals("recorded_at"u8)) return MetadataKey.RecordedAt;
        if (reader.ValueTextEquals("producer"u8)) return MetadataKey.Producer;
        if (reader.ValueTextEquals("aggregate_id"u8)) return MetadataKey.AggregateId;
        return MetadataKey.Other;
    }

    /// <summary>Reads a string field; null stays null; any other JSON type is recorded as a wrong-typed field.</summary>
    private static string? ReadScalar<R>(ref R reader, ref WireFields f, string name) where R : IJsonTokens, allows ref struct
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String: return reader.GetString();
            case JsonTokenType.Null: return null;
            default:
                f.BadField ??= name;
                reader.Skip();
                return null;
        }
    }

    /// <summary>Type and producer names repeat in every event: reuse one string per distinct value instead of allocating.</summary>
    private static string? ReadCached<R>(ref R reader, ref WireFields f, string name) where R : IJsonTokens, allows ref struct =>
        reader.TokenType == JsonTokenType.String ? JsonDataReader.Utf8Strings.Get(ref reader) : ReadScalar(ref reader, ref f, name);

    /// <summary>Parses a timestamp from the UTF-8 bytes; the text is only materialised when it is not valid, for the message.</summary>
    private static TimeField ReadTime<R>(ref R reader, ref WireFields f, string name) where R : IJsonTokens, allows ref struct
    {
        if (reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped && !reader.HasValueSequence
            && Timestamps.TryParseUtc(reader.ValueSpan, out var t))
        {
            return new TimeField(t, null);
        }
        return new TimeField(null, ReadScalar(ref reader, ref f, name));
    }

    private readonly record struct TimeField(DateTime? Value, string? Text)
    {
        public bool IsMissing => Value is null && Text is null;
    }

    private static void ReadVersion<R>(ref R reader, ref WireFields f, string name) where R : IJsonTokens, allows ref struct
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var v)) { f.Version = v; return; }
        // CloudEvents extension attributes are strings on the wire; accept "2" as well as 2.
        if (reader.TokenType == JsonTokenType.String && int.TryParse(reader.GetString(), out v)) { f.Version = v; return; }
        f.BadField ??= name;
        reader.Skip();
    }

    private static DecodeResult BuildLakeEnvelope(ref WireFields f)
    {
        if (!f.HasMetadata) return DecodeResult.Malformed("envelope field 'metadata' is missing or not an object (expected {\"metadata\": {...}, \"data\": {...}} or CloudEvents with \"specversion\")");
        return Build(ref f, f.Id, f.Type, f.OccurredAt, "metadata.", f.Producer, f.AggregateId, f.RecordedAt, EnvelopeFormat.Lake, "metadata.version");
    }

    private static DecodeResult BuildCloudEvent(ref WireFields f)
    {
        if (f.SpecVersion != "1.0") return DecodeResult.Malformed($"CloudEvents specversion '{f.SpecVersion}' is not supported (expected \"1.0\")", f.CeType, f.Version);
        if (f.HasDataBase64) return DecodeResult.Malformed("CloudEvents data_base64 is not supported: send JSON data", f.CeType, f.Version);
        if (f.CeContentType is not null && !f.CeContentType.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            return DecodeResult.Malformed($"CloudEvents datacontenttype '{f.CeContentType}' is not JSON", f.CeType, f.Version);
        }
        return Build(ref f, f.CeId, f.CeType, f.CeTime, "", f.CeSource, f.CeSubject, default, EnvelopeFormat.CloudEvents, "dataversion");
    }

    private static DecodeResult Build(ref WireFields f, string? id, string? type, TimeField occurredAt, string prefix,
        string? producer, string? aggregateId, TimeField recordedAt, EnvelopeFormat format, string versionName)
    {
        var version = f.Version;
        if (f.BadField is not null) return DecodeResult.Malformed($"envelope field '{f.BadField}' has the wrong JSON type", type, version);
        if (string.IsNullOrEmpty(id)) return DecodeResult.Malformed($"envelope field '{prefix}id' is missing", type, version);
        if (string.IsNullOrEmpty(type)) return DecodeResult.Malformed($"envelope field '{prefix}type' is missing", type, version);
        if (version is null) return DecodeResult.Malformed($"envelope field '{versionName}' is missing", type, version);
        if (version < 1) return DecodeResult.Malformed($"envelope field '{versionName}' is {version}; versions start at 1", type, version);
        var timeName = format == EnvelopeFormat.Lake ? "metadata.occurred_at" : "time";
        if (occurredAt.IsMissing) return DecodeResult.Malformed($"envelope field '{timeName}' is missing", type, version);
        if (occurredAt.Value is not { } occurred)
        {
            return DecodeResult.Malformed($"envelope field '{timeName}' is not an ISO 8601 timestamp with offset: \"{JsonValues.Truncate(occurredAt.Text!)}\"", type, version);
        }
        var recorded = recordedAt.Value;
        if (recorded is null && recordedAt.Text is not null)
        {
            return DecodeResult.Malformed($"envelope field 'metadata.recorded_at' is not an ISO 8601 timestamp with offset: \"{JsonValues.Truncate(recordedAt.Text)}\"", type, version);
        }
        if (f.DataNotObject is not null) return DecodeResult.Malformed($"envelope field 'data' is {f.DataNotObject}, expected an object", type, version);
        if (f.Data is null && f.Latest is null) return DecodeResult.Malformed("envelope field 'data' is missing", type, version);

        return DecodeResult.Ok(new EventEnvelope
        {
            Id = id,
            Type = type,
            Version = version.Value,
            OccurredAt = occurred,
            RecordedAt = recorded,
            Producer = producer,
            AggregateId = aggregateId,
            Data = f.Data,
            Latest = f.Latest,
            Format = format,
        });
    }

    private static int InvalidUtf8Offset(ReadOnlySpan<byte> utf8)
    {
        Span<char> buffer = stackalloc char[256];
        var offset = 0;
        while (true)
        {
            var status = Utf8.ToUtf16(utf8[offset..], buffer, out var read, out _, replaceInvalidSequences: false);
            offset += read;
            if (status != OperationStatus.DestinationTooSmall) return offset;
        }
    }

    private static string Clean(string message) => JsonValues.Truncate(message.Split(" Path:")[0].Split(" LineNumber:")[0].TrimEnd('.'));

    private struct WireFields
    {
        public bool HasMetadata;
        public string? Id, Type, Producer, AggregateId;
        public TimeField OccurredAt, RecordedAt, CeTime;
        public int? Version;
        public DataObject? Data;
        public LatestValues? Latest;
        public string? LatestFor;
        public int? LatestVersion;
        public string? DataNotObject;
        public string? BadField;
        public string? SpecVersion, CeId, CeType, CeSource, CeSubject, CeContentType;
        public bool HasDataBase64;

        public readonly bool IsCloudEvent => SpecVersion is not null && !HasMetadata;
        public readonly string? TypeOrNull => IsCloudEvent ? CeType : Type;
    }
}

using System.Collections.Concurrent;
using Apache.Arrow;
using Apache.Arrow.Types;
using Lake.Core.Envelope;

namespace Lake.Projections.Reading;

/// <summary>One Arrow record batch of one event type's curated rows, with the envelope columns the fold order needs resolved.</summary>
internal sealed class EventChunk : IDisposable
{
    private readonly RecordBatch _batch;
    private readonly Dictionary<string, IArrowArray> _columns = new(StringComparer.Ordinal);
    // Concurrent: threads folding different keys read the same chunk.
    private readonly ConcurrentDictionary<string, Func<int, object?>> _accessors = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, StringColumn?> _strings = new(StringComparer.Ordinal);
    // Accessors by path id (see EventPaths): the fold reads the same few paths at every event, and a lookup by name cost more than the read.
    private Func<int, object?>?[] _byId = [];
    private long[]? _occurredTicks;

    public EventChunk(string eventType, RecordBatch batch)
    {
        EventType = eventType;
        _batch = batch;
        for (var i = 0; i < batch.ColumnCount; i++) _columns[batch.Schema.FieldsList[i].Name] = batch.Column(i);
        EventId = (StringArray)_columns[EnvelopeColumns.EventId];
        OccurredAt = (TimestampArray)_columns[EnvelopeColumns.OccurredAt];
        RecordedAt = (TimestampArray)_columns[EnvelopeColumns.RecordedAt];
        Source = (StringArray)_columns[EnvelopeColumns.Source];
        SourcePartition = (Int32Array)_columns[EnvelopeColumns.SourcePartition];
        SourceOffset = (Int64Array)_columns[EnvelopeColumns.SourceOffset];
    }

    public string EventType { get; }
    public int Length => _batch.Length;
    public StringArray EventId { get; }
    public TimestampArray OccurredAt { get; }
    public TimestampArray RecordedAt { get; }
    public StringArray Source { get; }
    public Int32Array SourcePartition { get; }
    public Int64Array SourceOffset { get; }

    /// <summary>The accessor of <paramref name="path"/>, whose id is <paramref name="id"/> (from <see cref="EventPaths.Id"/>).</summary>
    public Func<int, object?> Accessor(int id, string path)
    {
        var known = _byId;
        if (id < known.Length && known[id] is { } found) return found;
        var accessor = Accessor(path);
        lock (_accessors)
        {
            if (_byId.Length <= id) System.Array.Resize(ref _byId, Math.Max(id + 1, 8));
            _byId[id] = accessor;
        }
        return accessor;
    }

    /// <summary>occurred_at of <paramref name="row"/> in UTC ticks (never null: the envelope requires it).</summary>
    public long OccurredTicks(int row)
    {
        var ticks = _occurredTicks ??= Enumerable.Range(0, Length).Select(r => ArrowValues.Ticks(OccurredAt, r)).ToArray();
        return ticks[row];
    }

    /// <summary>The top-level column <paramref name="name"/> when it holds strings; null otherwise (absent, another type, or a struct path).</summary>
    public StringColumn? StringColumn(string name) =>
        _strings.GetOrAdd(name, static (n, columns) => columns.GetValueOrDefault(n) is StringArray s ? new StringColumn(s) : null, _columns);

    /// <summary>
    /// A reader of one value per row for a path: an envelope column, a top-level field, or <c>struct.field</c>. A field missing from
    /// this file (written before the catalog added it) reads as null, as DuckDB's union_by_name does.
    /// </summary>
    public Func<int, object?> Accessor(string path)
    {
        if (_accessors.TryGetValue(path, out var found)) return found;
        Func<int, object?> accessor;
        if (path == "event_type")
        {
            var type = EventType;
            accessor = _ => type;
        }
        else
        {
            var parts = path.Split('.');
            IArrowArray? array = _columns.GetValueOrDefault(parts[0]);
            // The structs on the way down: a null struct makes its members null (its child arrays may hold placeholders).
            var parents = new List<IArrowArray>();
            for (var i = 1; i < parts.Length && array is not null; i++)
            {
                if (array is not StructArray st) { array = null; break; }
                parents.Add(st);
                var index = ((StructType)st.Data.DataType).GetFieldIndex(parts[i]);
                array = index < 0 ? null : st.Fields[index];
            }
            var structs = parents.ToArray();
            accessor = array switch
            {
                null => _ => null,
                _ when structs.Length > 0 => row => AnyNull(structs, row) ? null : ArrowValues.Get(array, row),
                // The key column is also read by CopyString: one copy of a string column per chunk serves both.
                StringArray => StringColumn(parts[0])!.Get,
                _ => ArrowColumns.Reader(array) ?? (row => ArrowValues.Get(array, row)),
            };
        }
        return _accessors.GetOrAdd(path, accessor);
    }

    private static bool AnyNull(IArrowArray[] arrays, int row)
    {
        foreach (var a in arrays) if (a.IsNull(row)) return true;
        return false;
    }

    public void Dispose() => _batch.Dispose();
}

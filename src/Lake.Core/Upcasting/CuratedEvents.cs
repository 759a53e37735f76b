using System.Collections;

namespace Lake.Core.Upcasting;

/// <summary>
/// The curated events of one <see cref="UpcastResult"/>: almost always exactly one, held as it is (no array per event), or
/// the several a C# upcaster made.
/// </summary>
public readonly struct CuratedEvents : IReadOnlyList<CuratedEvent>
{
    private readonly CuratedEvent? _single;
    private readonly CuratedEvent[]? _many;

    internal CuratedEvents(CuratedEvent single) => _single = single;

    internal CuratedEvents(CuratedEvent[] many)
    {
        if (many.Length == 1) _single = many[0];
        else _many = many;
    }

    public int Count => _single is not null ? 1 : _many?.Length ?? 0;

    public CuratedEvent this[int index] =>
        _single is not null
            ? index == 0 ? _single : throw new ArgumentOutOfRangeException(nameof(index), index, "one curated event")
            : _many is not null ? _many[index] : throw new ArgumentOutOfRangeException(nameof(index), index, "no curated events");

    public Enumerator GetEnumerator() => new(this);

    IEnumerator<CuratedEvent> IEnumerable<CuratedEvent>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Walks the events without an allocation.</summary>
    public struct Enumerator(CuratedEvents events) : IEnumerator<CuratedEvent>
    {
        private int _index = -1;

        public readonly CuratedEvent Current => events[_index];

        readonly object IEnumerator.Current => Current;

        public bool MoveNext() => ++_index < events.Count;

        public void Reset() => _index = -1;

        public readonly void Dispose()
        {
        }
    }
}

namespace Lake.Generation;

/// <summary>
/// Pending lines in (recorded_at, arrival) order: a heap holds only the lines of minutes the emission has reached, and each
/// later minute keeps a plain list until then (a calendar queue).
/// </summary>
/// <remarks>
/// One heap of every pending line held a simulated day and a half of lines (~250k in the shop history), and each insert and
/// removal walked its nine levels through memory that no cache holds. The order is the same as that heap's: by recorded_at,
/// then by the order lines were added. Lines stay in one array of slots and only their slot numbers move through the lists
/// and the heap: a line holds five references, and every move of one cost five write barriers.
/// </remarks>
internal sealed class LineCalendar
{
    private const long BucketTicks = TimeSpan.TicksPerMinute;

    private readonly PriorityQueue<int, (long Recorded, long Sequence)> _near = new();
    private readonly Dictionary<long, List<(int Slot, long Recorded, long Sequence)>> _later = [];
    private readonly Stack<List<(int Slot, long Recorded, long Sequence)>> _spareLists = new();
    private PendingLine[] _slots = new PendingLine[4096];
    private int _slotsUsed;
    private readonly Stack<int> _freeSlots = new();
    private readonly LineStore _store = new();
    /// <summary>The last minute whose lines are in the heap; later minutes wait in <see cref="_later"/>.</summary>
    private long _reached = long.MinValue;
    private long _sequence;

    public int Count { get; private set; }

    /// <summary>Adds a line, copying its bytes out of the batch's scratch into the store of its minute.</summary>
    public void Add(PendingLine line)
    {
        var sequence = _sequence++;
        Count++;
        var bucket = Bucket(line.Recorded);
        var slot = Park(line with { Json = _store.Store(bucket, line.Json.Span) });
        if (bucket <= _reached)
        {
            _near.Enqueue(slot, (line.Recorded, sequence));
            return;
        }
        if (!_later.TryGetValue(bucket, out var list))
        {
            _later[bucket] = list = _spareLists.TryPop(out var spare) ? spare : [];
        }
        list.Add((slot, line.Recorded, sequence));
    }

    private int Park(in PendingLine line)
    {
        if (!_freeSlots.TryPop(out var slot))
        {
            if (_slotsUsed == _slots.Length) Array.Resize(ref _slots, _slots.Length * 2);
            slot = _slotsUsed++;
        }
        _slots[slot] = line;
        return slot;
    }

    /// <summary>Takes the first line if it was recorded at or before <paramref name="limit"/>. Its bytes stay valid until the next take.</summary>
    public bool TryTakeUpTo(long limit, out PendingLine line)
    {
        Reach(Bucket(limit));
        if (_near.TryPeek(out _, out var first) && first.Recorded <= limit)
        {
            line = Taken(_near.Dequeue());
            return true;
        }
        line = default;
        return false;
    }

    /// <summary>Takes the first line, however late it was recorded. Its bytes stay valid until the next take.</summary>
    public bool TryTake(out PendingLine line)
    {
        if (Count == 0)
        {
            line = default;
            return false;
        }
        while (_near.Count == 0) Reach(_reached == long.MinValue ? long.MaxValue : _reached + 1);
        line = Taken(_near.Dequeue());
        return true;
    }

    /// <summary>
    /// The line taken is the first of those waiting, so no waiting line is in an earlier minute: the bytes of earlier minutes
    /// are reused (the line taken before this one was read before this call). A line added later for an earlier minute (a
    /// life may start up to a minute before the one before it) gets new storage in that minute.
    /// </summary>
    private PendingLine Taken(int slot)
    {
        var line = _slots[slot];
        _slots[slot] = default;
        _freeSlots.Push(slot);
        Count--;
        _store.ReleaseBefore(Bucket(line.Recorded));
        return line;
    }

    /// <summary>Moves the lines of every minute up to <paramref name="bucket"/> into the heap.</summary>
    private void Reach(long bucket)
    {
        if (bucket <= _reached) return;
        if (_reached == long.MinValue || bucket - _reached > _later.Count)
        {
            // A jump past more minutes than wait (the first call, or a sparse history): look the waiting minutes up by key.
            var due = new List<long>();
            foreach (var key in _later.Keys)
            {
                if (key <= bucket) due.Add(key);
            }
            foreach (var key in due)
            {
                _later.Remove(key, out var list);
                MoveIn(list!);
            }
        }
        else
        {
            for (var b = _reached + 1; b <= bucket; b++)
            {
                if (_later.Remove(b, out var list)) MoveIn(list);
            }
        }
        _reached = bucket;
    }

    private void MoveIn(List<(int Slot, long Recorded, long Sequence)> list)
    {
        foreach (var (slot, recorded, sequence) in list) _near.Enqueue(slot, (recorded, sequence));
        list.Clear();
        _spareLists.Push(list);
    }

    private static long Bucket(long ticks) => ticks / BucketTicks;
}

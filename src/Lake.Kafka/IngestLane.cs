using System.Threading.Channels;
using Confluent.Kafka;
using Lake.Ingest;

namespace Lake.Kafka;

/// <summary>
/// A thread that ingests the records of the partitions given to it, in the order they were consumed: decoding, upcasting,
/// buffering and committing them with its own <see cref="LakeWriter"/>. A partition belongs to one lane, so its records and
/// commits stay in order while the lanes of one member work side by side.
/// </summary>
internal sealed class IngestLane
{
    /// <summary>Records waiting per lane: enough to ride out a commit, small enough that a stalled lane stops the consumer soon.</summary>
    private const int Capacity = 1024;
    /// <summary>Records handled per hold of <see cref="Gate"/>, so the consuming thread can take it between batches.</summary>
    private const int Batch = 256;

    private readonly Channel<(PartitionState? State, ConsumeResult<byte[]?, byte[]?>? Record, ManualResetEventSlim? Drained)> _queue =
        Channel.CreateBounded<(PartitionState?, ConsumeResult<byte[]?, byte[]?>?, ManualResetEventSlim?)>(
            new BoundedChannelOptions(Capacity)
            {
                SingleReader = true,
                SingleWriter = true,
                FullMode = BoundedChannelFullMode.Wait,
                // The waits are blocking (a lane or the consumer thread sleeps on them): wake the sleeper on the thread that
                // completes the wait, rather than through a thread pool the Parquet writer tasks keep busy.
                AllowSynchronousContinuations = true,
            });
    private readonly Action<PartitionState, ConsumeResult<byte[]?, byte[]?>> _handle;
    private readonly Action<IngestLane> _due;
    private readonly CancellationTokenSource _failed;
    private readonly Thread _thread;
    private volatile bool _stopping;
    /// <summary>The thread has ended: nothing is queued or running, so the consuming thread may act on the lane's partitions alone.</summary>
    private bool _ended;

    public IngestLane(int number, LakeWriter writer, Action<PartitionState, ConsumeResult<byte[]?, byte[]?>> handle, Action<IngestLane> due, CancellationTokenSource failed)
    {
        Writer = writer;
        _handle = handle;
        _due = due;
        _failed = failed;
        _thread = new Thread(Loop) { IsBackground = true, Name = $"lake lane {number}" };
    }

    public LakeWriter Writer { get; }
    /// <summary>The partitions this lane owns; changed only by the consuming thread while it holds <see cref="Gate"/>.</summary>
    public List<PartitionState> States { get; } = [];
    /// <summary>Held while the lane works; the consuming thread takes it to act on the lane's partitions (rebalances, the end).</summary>
    public object Gate { get; } = new();
    public Exception? Error { get; private set; }
    /// <summary>This lane's totals as of its last commit, published for readers on other threads.</summary>
    public IngestCounts Counts { get; private set; } = new IngestSummary().Snapshot();
    /// <summary>When this lane last looked at the latency bound (Stopwatch ticks).</summary>
    public long LastDueCheck { get; set; }

    public void Start() => _thread.Start();

    /// <summary>Queues a record for this lane; blocks while the lane is full, and throws if a lane failed.</summary>
    public void Enqueue(PartitionState state, ConsumeResult<byte[]?, byte[]?> record)
    {
        if (_queue.Writer.TryWrite((state, record, null))) return;
        Write((state, record, null));
    }

    /// <summary>Returns once every record queued before the call is handled.</summary>
    public void Drain()
    {
        if (_ended) return;
        using var drained = new ManualResetEventSlim();
        Write((null, null, drained));
        try
        {
            drained.Wait(_failed.Token);
        }
        catch (OperationCanceledException)
        {
            throw Failed();
        }
    }

    /// <summary>Lets the lane finish what is queued, then waits for its thread to end.</summary>
    public void Complete()
    {
        _queue.Writer.TryComplete();
        _thread.Join();
        _ended = true;
    }

    /// <summary>Stops the lane without handling what is still queued (the ingest is failing or cancelled).</summary>
    public void Stop()
    {
        _stopping = true;
        _queue.Writer.TryComplete();
        if (_thread.IsAlive) _thread.Join();
        _ended = true;
    }

    /// <summary>Called on this lane's thread after a commit: the totals other threads may read.</summary>
    public void Publish() => Counts = Writer.Summary.Snapshot();

    private void Write((PartitionState?, ConsumeResult<byte[]?, byte[]?>?, ManualResetEventSlim?) item)
    {
        try
        {
            _queue.Writer.WriteAsync(item, _failed.Token).AsTask().GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is OperationCanceledException or ChannelClosedException)
        {
            throw Failed();
        }
    }

    /// <summary>What the consuming thread throws when a lane stopped on an error (the ingestor rethrows the lane's own error instead).</summary>
    private static LaneFailedException Failed() => new();

    private void Loop()
    {
        var reader = _queue.Reader;
        Task<bool>? waiting = null;
        try
        {
            while (!_stopping)
            {
                lock (Gate)
                {
                    for (var n = 0; n < Batch && !_stopping && reader.TryRead(out var item); n++)
                    {
                        if (item.Drained is { } drained) drained.Set();
                        else _handle(item.State!, item.Record!);
                    }
                    // The latency bound is checked whether or not records arrive.
                    _due(this);
                }
                if (reader.TryPeek(out _)) continue;
                // One pending wait at a time: a wait that timed out is kept for the next round rather than abandoned.
                waiting ??= reader.WaitToReadAsync().AsTask();
                if (!waiting.Wait(DueCheck)) continue;
                if (!waiting.Result) break;
                waiting = null;
            }
        }
        catch (Exception e)
        {
            Error = e;
            _failed.Cancel();
        }
    }

    /// <summary>How often the latency bound is looked at: an idle lane sleeps this long, a busy one checks at most this often.</summary>
    internal static readonly TimeSpan DueCheck = TimeSpan.FromMilliseconds(20);
}

/// <summary>Thrown on the consuming thread when a lane it waits for stopped on an error of its own.</summary>
internal sealed class LaneFailedException() : Exception("an ingest lane stopped on an error");

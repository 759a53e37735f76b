namespace Lake.Ingest;

/// <summary>
/// Bounds the files being encoded and written at once, by the rows they hold (estimated bytes) and by count, beside the thread that
/// decodes. Small files pass many at a time (a Kafka backfill writes thousands of a few dozen rows each; two at a time left the
/// decoding thread waiting half the run); one file larger than the bound passes alone.
/// </summary>
internal sealed class WriteGate(long maxBytes, int maxFiles)
{
    private readonly object _lock = new();
    private long _bytes;
    private int _files;

    public void Enter(long bytes)
    {
        lock (_lock)
        {
            while (_files > 0 && (_files >= maxFiles || _bytes + bytes > maxBytes)) Monitor.Wait(_lock);
            _files++;
            _bytes += bytes;
        }
    }

    public void Exit(long bytes)
    {
        lock (_lock)
        {
            _files--;
            _bytes -= bytes;
            Monitor.PulseAll(_lock);
        }
    }
}

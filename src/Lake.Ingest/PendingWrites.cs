namespace Lake.Ingest;

/// <summary>
/// File writes running beside ingestion: at most <see cref="MaxInFlight"/> at once (bounding memory held by buffered rows),
/// and all of them finished before a commit; the first failure is rethrown.
/// </summary>
internal sealed class PendingWrites
{
    private const int MaxInFlight = 2;
    private readonly List<Task> _inFlight = [];
    private readonly List<Task> _all = [];

    public void Start(Action write)
    {
        _inFlight.RemoveAll(t => t.IsCompleted);
        if (_inFlight.Count >= MaxInFlight)
        {
            Task.WaitAny([.. _inFlight]);
            _inFlight.RemoveAll(t => t.IsCompleted);
        }
        var task = Task.Run(write);
        _inFlight.Add(task);
        _all.Add(task);
    }

    public void WaitAll()
    {
        try
        {
            Task.WaitAll([.. _all]);
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            throw e.InnerExceptions[0];
        }
        finally
        {
            _all.Clear();
            _inFlight.Clear();
        }
    }
}

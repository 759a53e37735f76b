using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Hangfire.Storage;
using Hangfire.Storage.Monitoring;

namespace Lake.Serve.Jobs;

/// <summary>The client side of a server's job storage: what <c>lake jobs enqueue</c> and <c>lake jobs list</c> do.</summary>
public sealed class JobQueue(JobStorage storage, LakeJobRegistry registry)
{
    /// <summary>Stores the job for whichever server is free; returns its id. Unknown job names fail here, not on the server.</summary>
    public string Enqueue(string job, IReadOnlyDictionary<string, string> args) => Create(storage, registry, job, args, TimeSpan.Zero);

    /// <summary>Stores a job in <paramref name="storage"/>, to run now or after <paramref name="delay"/>; returns its id.</summary>
    internal static string Create(JobStorage storage, LakeJobRegistry registry, string job, IReadOnlyDictionary<string, string> args, TimeSpan delay)
    {
        registry.Get(job);
        var copy = new Dictionary<string, string>(args, StringComparer.Ordinal);
        IState state = delay > TimeSpan.Zero ? new ScheduledState(delay) : new EnqueuedState();
        return new BackgroundJobClient(storage).Create(Job.FromExpression<JobRunner>(r => r.Run(job, copy, null, CancellationToken.None)), state);
    }

    /// <summary>Recurring jobs, then the latest jobs in each state, as lines for a terminal.</summary>
    public IEnumerable<string> List(int perState = 20)
    {
        using (var connection = storage.GetConnection())
        {
            foreach (var r in connection.GetRecurringJobs())
                yield return $"recurring  {r.Id,-28} {r.Cron,-16} {r.TimeZoneId ?? "UTC",-10} next {Time(r.NextExecution)}  last {r.LastJobState ?? "-"}";
        }
        var monitor = storage.GetMonitoringApi();
        foreach (var line in Lines("processing", monitor.ProcessingJobs(0, perState), j => (j.Job, j.StartedAt))) yield return line;
        foreach (var queue in monitor.Queues())
            foreach (var line in Lines("enqueued", monitor.EnqueuedJobs(queue.Name, 0, perState), j => (j.Job, j.EnqueuedAt))) yield return line;
        foreach (var line in Lines("scheduled", monitor.ScheduledJobs(0, perState), j => (j.Job, j.EnqueueAt))) yield return line;
        foreach (var line in Lines("failed", monitor.FailedJobs(0, perState), j => (j.Job, j.FailedAt))) yield return line;
        foreach (var line in Lines("succeeded", monitor.SucceededJobs(0, perState), j => (j.Job, j.SucceededAt))) yield return line;
    }

    private static IEnumerable<string> Lines<T>(string state, JobList<T> jobs, Func<T, (Job? Job, DateTime? At)> read)
    {
        foreach (var (id, dto) in jobs)
        {
            var (job, at) = read(dto);
            yield return $"{state,-10} {id,-8} {Describe(job),-48} {Time(at)}";
        }
    }

    private static string Describe(Job? job)
    {
        if (job is null) return "(job data unreadable)";
        if (job.Args is [string name, IReadOnlyDictionary<string, string> args, ..]) return args.Count == 0 ? name : $"{name} {new JobArgs(args)}";
        return job.ToString();
    }

    private static string Time(DateTime? t) => t is { } v ? v.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture) : "-";
}

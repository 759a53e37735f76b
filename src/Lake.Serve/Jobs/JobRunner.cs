using System.ComponentModel;
using System.Diagnostics;
using Hangfire.Server;
using Hangfire.Storage;
using Lake.Serve.Metrics;

namespace Lake.Serve.Jobs;

/// <summary>
/// The one method Hangfire stores and calls for every lake job: it looks the job up by name, runs it with its arguments, and
/// records progress, duration and outcome. Storing a name and a dictionary, not a type, keeps stored jobs valid across versions.
/// </summary>
public sealed class JobRunner(LakeJobRegistry registry, JobEnvironment environment)
{
    /// <summary>How long a run waits for another run of the same job and arguments before it is skipped.</summary>
    internal static readonly TimeSpan LockWait = TimeSpan.FromSeconds(5);

    [DisplayName("{0}")]
    public string Run(string job, Dictionary<string, string> args, PerformContext? context, CancellationToken ct)
    {
        var lakeJob = registry.Get(job);
        var id = context?.BackgroundJob?.Id ?? "inline";
        var jobArgs = new JobArgs(args);
        // The same job with the same arguments twice at once (a schedule firing while the last run is still going) would only
        // make the two compete for the same lake partitions: the later one is skipped; the running one does the work.
        IDisposable? exclusive = null;
        if (context is not null)
        {
            try
            {
                exclusive = context.Connection.AcquireDistributedLock(LockResource(job, jobArgs), LockWait);
            }
            catch (Exception e) when (e is DistributedLockTimeoutException || e.GetType().Name.Contains("DistributedLock", StringComparison.Ordinal))
            {
                // Hangfire.PostgreSql reports a held lock with its own exception type.
                if (AnotherRunIsProcessing(context, job, jobArgs)) return Skip(job, id);
                // A killed server's lock outlives it (Hangfire.PostgreSql frees it after DistributedLockTimeout, 10 minutes), so
                // with no older run of these arguments in progress the lock is stale: skipping would mark this job succeeded with
                // its work undone (the rerun of the killed run, or a new job). Should a holder be alive after all, the two runs
                // compete for the same lake partitions and the lake's claims fence one of them.
                environment.Log($"job {id} {job}: the lock of these arguments is held but no older run of them is in progress (its server died?); running without it");
            }
        }
        using var _ = exclusive;
        var clock = Stopwatch.StartNew();
        void Progress(string line)
        {
            environment.Log($"job {id} {job}: {line}");
            context?.SetJobParameter("progress", line);
        }
        var outcome = "failed";
        try
        {
            Func<string, IReadOnlyDictionary<string, string>, TimeSpan, string>? enqueue = null;
            if (context is not null) enqueue = (name, a, delay) => JobQueue.Create(context.Storage, registry, name, a, delay);
            var result = lakeJob.Run(environment.Context(args, Progress, enqueue), ct);
            outcome = "succeeded";
            environment.Log($"job {id} {job}: succeeded in {clock.Elapsed.TotalSeconds:F1} s: {result}");
            return result;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            outcome = "cancelled";
            environment.Log($"job {id} {job}: cancelled after {clock.Elapsed.TotalSeconds:F1} s; what it committed stays, a rerun resumes there");
            throw;
        }
        catch (Exception e)
        {
            environment.Log($"job {id} {job}: failed after {clock.Elapsed.TotalSeconds:F1} s: {e.Message}");
            environment.Metrics?.JobFailures.WithLabels(job).Inc();
            throw;
        }
        finally
        {
            environment.Metrics?.JobSeconds.WithLabels(job, outcome).Observe(clock.Elapsed.TotalSeconds);
        }
    }

    /// <summary>
    /// True when an older job than this one (started earlier, or at the same instant with a smaller id), of the same name and
    /// arguments, is in the Processing state on some server. Older, so that two new jobs finding a stale lock do not both skip.
    /// </summary>
    private static bool AnotherRunIsProcessing(PerformContext context, string job, JobArgs args)
    {
        var text = args.ToString();
        var id = context.BackgroundJob.Id;
        var same = context.Storage.GetMonitoringApi().ProcessingJobs(0, 1000)
            .Where(j => j.Value.Job?.Args is [string name, IReadOnlyDictionary<string, string> other, ..] && name == job && new JobArgs(other).ToString() == text)
            .ToList();
        var mine = same.FirstOrDefault(j => j.Key == id).Value?.StartedAt ?? DateTime.MaxValue;
        return same.Any(j => j.Key != id && (j.Value.StartedAt ?? DateTime.MinValue) is var started
            && (started < mine || (started == mine && string.CompareOrdinal(j.Key, id) < 0)));
    }

    /// <summary>Short and fixed-length whatever the arguments: storages limit the length of a lock's name.</summary>
    private static string LockResource(string job, JobArgs args) =>
        $"lake:job:{job}:{Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(args.ToString())))[..16]}";

    private string Skip(string job, string id)
    {
        environment.Log($"job {id} {job}: skipped, the same job with the same arguments is running");
        return "skipped: the same job with the same arguments is running";
    }
}

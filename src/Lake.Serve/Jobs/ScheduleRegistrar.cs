using Hangfire;
using Hangfire.Common;
using Hangfire.Storage;
using Lake.Pipelines;

namespace Lake.Serve.Jobs;

/// <summary>Registers the pipeline's <c>schedules:</c> as Hangfire recurring jobs, and removes recurring jobs no longer declared.</summary>
public static class ScheduleRegistrar
{
    /// <summary>Recurring job ids this service owns start with this, so that jobs added by hand in the dashboard are left alone.</summary>
    public const string Prefix = "schedule:";

    public static void Register(IRecurringJobManager manager, JobStorage storage, IReadOnlyList<ScheduleDefinition> schedules, LakeJobRegistry registry)
    {
        foreach (var s in schedules)
        {
            try { registry.Get(s.Job); }
            catch (JobArgumentException e) { throw new JobArgumentException($"schedule '{s.Name}' in pipeline.yaml: {e.Message}"); }
            var zone = TimeZoneInfo.FindSystemTimeZoneById(s.TimeZone);
            var job = Job.FromExpression<JobRunner>(r => r.Run(s.Job, new Dictionary<string, string>(s.Args), null, CancellationToken.None));
            try
            {
                manager.AddOrUpdate(Prefix + s.Name, job, s.Cron, new RecurringJobOptions { TimeZone = zone });
            }
            catch (Exception e) when (e is ArgumentException or FormatException)
            {
                throw new JobArgumentException($"schedule '{s.Name}' in pipeline.yaml: cron '{s.Cron}' is invalid ({e.Message.Split('\n')[0]}); write five fields (minute hour day month weekday) or six with seconds first");
            }
        }
        // A schedule removed from pipeline.yaml must stop firing: the storage outlives the process.
        using var connection = storage.GetConnection();
        var declared = schedules.Select(s => Prefix + s.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var stale in connection.GetRecurringJobs().Select(r => r.Id).Where(id => id.StartsWith(Prefix, StringComparison.Ordinal) && !declared.Contains(id)))
            manager.RemoveIfExists(stale);
    }
}

namespace Lake.Serve.Jobs;

/// <summary>
/// The jobs a server can run, by name. To add one: implement <see cref="ILakeJob"/> (usually a few lines calling a library
/// type such as a compactor) and add it in <see cref="Default"/>; the CLI, schedules and the dashboard pick it up by name.
/// </summary>
public sealed class LakeJobRegistry
{
    private readonly Dictionary<string, ILakeJob> _jobs = new(StringComparer.Ordinal);

    public static LakeJobRegistry Default() => new LakeJobRegistry()
        .Add(new KafkaBackfillJob())
        .Add(new CompactJob())
        .Add(new ReplayJob())
        .Add(new SnapshotJob())
        .Add(new SnapshotShardJob())
        .Add(new SnapshotMergeJob());

    public LakeJobRegistry Add(ILakeJob job)
    {
        if (!_jobs.TryAdd(job.Name, job)) throw new ArgumentException($"a job named '{job.Name}' is already registered", nameof(job));
        return this;
    }

    public IReadOnlyCollection<ILakeJob> All => _jobs.Values;

    public ILakeJob Get(string name) => _jobs.TryGetValue(name, out var job) ? job
        : throw new JobArgumentException($"no job named '{name}'; the jobs are: {string.Join(", ", _jobs.Keys.Order(StringComparer.Ordinal))}");
}

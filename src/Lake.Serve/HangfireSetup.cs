using Hangfire;

namespace Lake.Serve;

/// <summary>The Hangfire serialisation settings servers and clients must agree on, so a job one stores the other can read.</summary>
public static class HangfireSetup
{
    public static IGlobalConfiguration Configure(IGlobalConfiguration configuration, JobStorage storage) => configuration
        .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
        .UseSimpleAssemblyNameTypeSerializer()
        .UseRecommendedSerializerSettings()
        .UseStorage(storage);
}

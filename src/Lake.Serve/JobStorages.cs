using Hangfire;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Npgsql;

namespace Lake.Serve;

/// <summary>Opens the Hangfire storage named by <c>--storage</c>: <c>memory</c> or a PostgreSQL connection string.</summary>
public static class JobStorages
{
    /// <param name="storage"><c>memory</c> or a PostgreSQL connection string.</param>
    /// <param name="pollInterval">PostgreSQL: how often idle workers look for new jobs.</param>
    /// <param name="abandonedAfter">PostgreSQL: a job whose server died (no heartbeat) is run again by another server after this long.</param>
    public static JobStorage Open(string storage, TimeSpan pollInterval, TimeSpan? abandonedAfter = null)
    {
        // Hangfire's log provider is process-wide and AddHangfire binds it to a host's logger factory: forget a previous
        // (possibly disposed) host's before the storage starts logging; the next host's takes over when it starts.
        Hangfire.Logging.LogProvider.SetCurrentLogProvider(null);
        if (IsMemory(storage)) return new InMemoryStorage(new InMemoryStorageOptions());
        var options = new PostgreSqlStorageOptions
        {
            QueuePollInterval = pollInterval,
            PrepareSchemaIfNecessary = true,
            // A job whose server died becomes visible to the others after this long (Hangfire.PostgreSql's default is 30
            // minutes); the sliding timeout is renewed while the server lives, so a long job is not started twice.
            InvisibilityTimeout = abandonedAfter ?? TimeSpan.FromMinutes(5),
            UseSlidingInvisibilityTimeout = true,
            // A server that cannot reach its database says so within seconds rather than retrying for minutes.
            StartupConnectionMaxRetries = 3,
            StartupConnectionBaseDelay = TimeSpan.FromSeconds(1),
            StartupConnectionMaxDelay = TimeSpan.FromSeconds(4),
            AllowDegradedModeWithoutStorage = false,
        };
        return new PostgreSqlStorage(new NpgsqlConnectionFactory(storage, options), options);
    }

    public static bool IsMemory(string storage) => storage is "" or "memory";

    /// <summary>The storage for logs and errors: host, port and database, never the user's password.</summary>
    public static string Describe(string storage)
    {
        if (IsMemory(storage)) return "memory (Hangfire.InMemory; jobs are lost when the process stops)";
        try
        {
            var b = new NpgsqlConnectionStringBuilder(storage);
            return $"postgresql {b.Host}:{b.Port}/{b.Database}";
        }
        catch (ArgumentException)
        {
            return "postgresql (unparsable connection string)";
        }
    }
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace WvsMesh.ServiceDefaults.Data;

/// <summary>
/// Checkpoints every embedded (SQLite) database of the host a few times a second, off the commit path: left to SQLite,
/// the commit that grows the WAL past 1,000 pages copies them into the database file and syncs it while every write
/// queued behind it waits (#14: the tail latency of triggers at half load).
/// </summary>
internal sealed partial class SqliteCheckpoints(IEnumerable<ModuleDatabase> databases, IServiceProvider services, ILogger<SqliteCheckpoints> logger)
    : BackgroundService
{
    internal static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var embedded = databases.Select(database => database.Name).Distinct(StringComparer.Ordinal)
            .Select(name => services.GetRequiredKeyedService<System.Data.Common.DbDataSource>(name))
            .OfType<SqliteDataSource>()
            .ToList();
        if (embedded.Count == 0)
        {
            return;
        }
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            foreach (var dataSource in embedded)
            {
                try
                {
                    await dataSource.CheckpointAsync(stoppingToken);
                }
                catch (Microsoft.Data.Sqlite.SqliteException e)
                {
                    // Busy or failing now; the next tick tries again, and the WAL's own backstop still bounds it.
                    CheckpointFailed(logger, e.SqliteErrorCode, e);
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "SQLite checkpoint failed with error {Code}; trying again shortly")]
    private static partial void CheckpointFailed(ILogger logger, int code, Exception exception);
}

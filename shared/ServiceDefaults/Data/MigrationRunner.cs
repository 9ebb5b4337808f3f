using System.Data.Common;
using DbUp;
using DbUp.Builder;
using DbUp.Engine.Output;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace WvsMesh.ServiceDefaults.Data;

/// <summary>
/// Applies each module's embedded <c>Migrations/&lt;dialect&gt;/NNNN_*.sql</c> with DbUp before any hosted service
/// (the bus included) starts, so consumers never see a missing table.
/// </summary>
internal sealed partial class MigrationRunner(
    IEnumerable<ModuleDatabase> databases, IServiceProvider services, ILogger<MigrationRunner> logger) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken)
    {
        foreach (var database in databases)
        {
            var dataSource = services.GetRequiredKeyedService<DbDataSource>(database.Name);
            var dialect = dataSource is NpgsqlDataSource ? SqlDialect.Postgres : SqlDialect.Sqlite;
            var connectionString = dataSource.ConnectionString;
            if (dialect == SqlDialect.Sqlite)
            {
                // Readers never wait for the writer; the setting is stored in the file.
                using var wal = dataSource.CreateCommand("PRAGMA journal_mode=WAL");
                wal.ExecuteScalar();
            }
            var folder = $".Migrations.{dialect.ToString().ToLowerInvariant()}.";
            // Replicas starting together (a Kubernetes Deployment) take turns: one migrates, the others find it done.
            using var turn = dialect == SqlDialect.Postgres ? MigrationLock.Take(connectionString, database.Name) : null;
            var result = Upgrader(dialect, connectionString)
                .WithScriptsEmbeddedInAssembly(database.Migrations, name => name.Contains(folder, StringComparison.Ordinal))
                .WithTransactionPerScript()
                .LogToNowhere()
                .Build()
                .PerformUpgrade();
            if (!result.Successful)
            {
                throw new InvalidOperationException(
                    $"Migration {result.ErrorScript?.Name} of database '{database.Name}' failed.", result.Error);
            }
            var applied = result.Scripts.Count();
            LogMigrated(logger, database.Name, dialect, applied);
        }
        return Task.CompletedTask;
    }

    private static UpgradeEngineBuilder Upgrader(SqlDialect dialect, string connectionString)
    {
        if (dialect == SqlDialect.Postgres)
        {
            return DeployChanges.To.PostgresqlDatabase(connectionString);
        }
        return DeployChanges.To.SqliteDatabase(connectionString);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Database {Database} ({Dialect}) is current; {Applied} migration(s) applied")]
    private static partial void LogMigrated(ILogger logger, string database, SqlDialect dialect, int applied);
}

using System.Data.Common;
using DbUp;
using Microsoft.Data.Sqlite;
using WvsMesh.ServiceDefaults.Data;
using Xunit;

namespace WvsMesh.Pipelines.Tests.Data;

/// <summary><see cref="PipelineStoreScenarios"/> on a SQLite file in WAL mode, as the all-in-one host keeps it: one writer, group commit.</summary>
public sealed class Writing_pipelines_at_once_on_sqlite : PipelineStoreScenarios
{
    private readonly string _directory = Directory.CreateTempSubdirectory("wvs-store-").FullName;

    protected override Task<DbDataSource> OpenAsync(CancellationToken ct)
    {
        var dataSource = SqliteDataSource.ForFile(Path.Combine(_directory, "pipelines.db"));
        using (var wal = dataSource.CreateCommand("PRAGMA journal_mode=WAL"))
        {
            wal.ExecuteScalar();
        }
        Migrate(DeployChanges.To.SqliteDatabase(dataSource.ConnectionString), "sqlite");
        return Task.FromResult<DbDataSource>(dataSource);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}

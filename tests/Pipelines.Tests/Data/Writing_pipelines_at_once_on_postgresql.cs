using System.Data.Common;
using DbUp;
using Npgsql;
using WvsMesh.TestKit;
using Xunit;

namespace WvsMesh.Pipelines.Tests.Data;

/// <summary><see cref="PipelineStoreScenarios"/> on real PostgreSQL: competing consumers, one transaction each, row locks.</summary>
public sealed class Writing_pipelines_at_once_on_postgresql : PipelineStoreScenarios
{
    private readonly TestServers _servers = new();

    protected override async Task<DbDataSource> OpenAsync(CancellationToken ct)
    {
        _servers.Require();
        var connectionString = await _servers.NewDatabaseAsync("wvs_pipelines_store", ct);
        Migrate(DeployChanges.To.PostgresqlDatabase(connectionString), "postgres");
        return NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = 100 }.ConnectionString);
    }

    public override ValueTask InitializeAsync() => _servers.InitializeAsync();

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _servers.DisposeAsync();
    }
}

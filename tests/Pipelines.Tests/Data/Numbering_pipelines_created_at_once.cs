using DbUp;
using Npgsql;
using WvsMesh.Pipelines.Data;
using WvsMesh.TestKit;
using Xunit;

namespace WvsMesh.Pipelines.Tests.Data;

/// <summary>
/// Competing consumers create pipelines of one project at the same moment: each takes the project's next iid from
/// its counter row, which its transaction holds, so none collide and the numbers have no gap (real PostgreSQL).
/// </summary>
public sealed class Numbering_pipelines_created_at_once : IAsyncLifetime
{
    private readonly TestServers _servers = new();
    private NpgsqlDataSource? _dataSource;

    [Fact]
    public async Task A_hundred_creations_at_once_are_numbered_one_to_a_hundred()
    {
        var store = await StoreAsync();
        var ct = TestContext.Current.CancellationToken;

        var created = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => store.InsertOnceAsync(Pipeline(projectId: 7), [], [], null, ct)));
        var other = await store.InsertOnceAsync(Pipeline(projectId: 8), [], [], null, ct);

        Assert.Equal(Enumerable.Range(1, 100).Select(i => (long)i), created.Select(stored => stored.Pipeline.Iid).Order());
        Assert.Equal(1, other.Pipeline.Iid);
        Assert.Equal(101, await store.NextIidAsync(7, ct));
    }

    private async Task<PipelineStore> StoreAsync()
    {
        _servers.Require();
        var connectionString = await _servers.NewDatabaseAsync("wvs_pipelines_iids", TestContext.Current.CancellationToken);
        var migrated = DeployChanges.To.PostgresqlDatabase(connectionString)
            .WithScriptsEmbeddedInAssembly(typeof(PipelineStore).Assembly, name => name.Contains(".Migrations.postgres.", StringComparison.Ordinal))
            .WithTransactionPerScript()
            .LogToNowhere()
            .Build()
            .PerformUpgrade();
        Assert.True(migrated.Successful, migrated.Error?.ToString());
        _dataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = 100 }.ConnectionString);
        return new PipelineStore(_dataSource);
    }

    private static PipelineRecord Pipeline(long projectId) => new()
    {
        Id = 0,
        Iid = 0,
        ProjectId = projectId,
        ProjectPath = $"root/p{projectId}",
        RequestId = Guid.NewGuid(),
        Sha = new string('a', 40),
        Ref = "main",
        Status = "created",
        Source = "trigger",
        UserId = 1,
        UserUsername = "root",
        UserName = "Administrator",
        CreatedAt = DateTimeOffset.UtcNow,
        UpdatedAt = DateTimeOffset.UtcNow,
    };

    public ValueTask InitializeAsync() => _servers.InitializeAsync();

    public async ValueTask DisposeAsync()
    {
        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync();
        }
        await _servers.DisposeAsync();
    }
}

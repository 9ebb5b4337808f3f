using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using DbUp;
using Npgsql;
using WvsMesh.Pipelines.Data;
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

    /// <summary>
    /// The project's iid counter row is locked from the moment a creation takes its iid until it commits, so a creation
    /// must be one statement: as five in a transaction, creations for one project queued behind each other's round trips
    /// (#14). Counted through Npgsql's own tracing: the commands one creation sends.
    /// </summary>
    [Fact]
    public async Task A_creation_is_one_statement_so_the_iid_counter_is_held_for_one_round_trip()
    {
        var store = await StoreAsync();
        var ct = TestContext.Current.CancellationToken;
        using var creation = new ActivitySource("wvs.tests.creation");
        var commands = new ConcurrentBag<string>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "Npgsql" or "wvs.tests.creation",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
        };
        listener.ActivityStopped = activity =>
        {
            if (activity.Source.Name == "Npgsql" && activity.Parent?.Source == creation)
            {
                commands.Add(activity.DisplayName);
            }
        };
        ActivitySource.AddActivityListener(listener);
        await store.InsertOnceAsync(Pipeline(projectId: 7), [], [], null, ct);

        using (creation.StartActivity("create"))
        {
            await store.InsertOnceAsync(Pipeline(projectId: 7), [new() { Key = "A", Value = "b" }], [], null, ct);
        }

        Assert.Single(commands);
    }

    public override ValueTask InitializeAsync() => _servers.InitializeAsync();

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _servers.DisposeAsync();
    }
}

using System.Data.Common;
using DbUp;
using DbUp.Builder;
using WvsMesh.Pipelines.Data;
using WvsMesh.ServiceDefaults.Data;
using WvsMesh.ServiceDefaults.Security;
using Xunit;

namespace WvsMesh.Pipelines.Tests.Data;

/// <summary>
/// Pipelines written at the same moment, on each database: each takes its project's next iid in the write that stores it
/// (in PostgreSQL one statement, in SQLite its transaction), so none collide and the numbers have no gap; in SQLite they
/// share transactions (group commit), where one write that fails fails alone and a repeated request id finds the first
/// pipeline.
/// </summary>
public abstract class PipelineStoreScenarios : IAsyncLifetime
{
    private DbDataSource? _dataSource;

    /// <summary>A migrated, empty pipelines database.</summary>
    protected abstract Task<DbDataSource> OpenAsync(CancellationToken ct);

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

    [Fact]
    public async Task A_request_written_twice_at_once_is_one_pipeline_and_the_others_are_written()
    {
        var store = await StoreAsync();
        var ct = TestContext.Current.CancellationToken;
        var repeated = Pipeline(projectId: 7);

        var created = await Task.WhenAll(Enumerable.Range(0, 40)
            .Select(i => store.InsertOnceAsync(i % 20 == 0 ? repeated : Pipeline(projectId: 7), [], [], null, ct)));

        Assert.Equal(2, created.Count(stored => stored.Pipeline.RequestId == repeated.RequestId));
        Assert.Single(created.Where(stored => stored.Pipeline.RequestId == repeated.RequestId).Select(stored => stored.Pipeline.Id).Distinct());
        Assert.Equal(39, created.Select(stored => stored.Pipeline.Id).Distinct().Count());
        Assert.Equal(40, await store.NextIidAsync(7, ct));
    }

    [Fact]
    public async Task A_write_that_fails_among_others_fails_alone()
    {
        var store = await StoreAsync();
        var ct = TestContext.Current.CancellationToken;
        var broken = Pipeline(projectId: 7) with { ProjectPath = null! };

        var writes = Enumerable.Range(0, 30).Select(i => store.InsertOnceAsync(i == 15 ? broken : Pipeline(projectId: 7), [], [], null, ct)).ToList();
        var failure = await Record.ExceptionAsync(() => writes[15]);
        var written = await Task.WhenAll(writes.Where((_, i) => i != 15));

        Assert.IsAssignableFrom<DbException>(failure);
        Assert.Null(await store.FindByRequestAsync(broken.RequestId, ct));
        Assert.Equal(29, written.Select(stored => stored.Pipeline.Id).Distinct().Count());
        Assert.All(written, stored => Assert.NotNull(stored.Jobs));
    }

    [Fact]
    public async Task Creation_reads_the_variables_for_its_ref_and_the_next_iid_in_one_command()
    {
        var store = await StoreAsync();
        var ct = TestContext.Current.CancellationToken;
        var variables = new ProjectVariableStore(_dataSource!, new SecretCipher(SecretCipher.KeyFrom("store tests")));
        await store.InsertOnceAsync(Pipeline(projectId: 7), [], [], null, ct);
        await store.InsertOnceAsync(Pipeline(projectId: 7), [], [], null, ct);
        await variables.InsertAsync(7, new ProjectVariable { Key = "OPEN", Value = "open value" }, ct);
        await variables.InsertAsync(7, new ProjectVariable { Key = "GUARDED", Value = "guarded value", Protected = true }, ct);
        await variables.InsertAsync(8, new ProjectVariable { Key = "OTHER", Value = "other project" }, ct);

        var unprotected = await variables.ForNewPipelineAsync(7, refProtected: false, ct);
        var onProtected = await variables.ForNewPipelineAsync(7, refProtected: true, ct);
        var fresh = await variables.ForNewPipelineAsync(9, refProtected: true, ct);

        Assert.Equal(["OPEN"], unprotected.Variables.Select(v => v.Key));
        Assert.Equal(3, unprotected.NextIid);
        Assert.Equal(["GUARDED", "OPEN"], onProtected.Variables.Select(v => v.Key));
        Assert.Equal("guarded value", onProtected.Variables[0].Value);
        Assert.Equal((0, 1), (fresh.Variables.Count, fresh.NextIid));
    }

    [Fact]
    public async Task A_pipeline_is_written_with_its_variables_payload_and_jobs_and_their_ids_come_back()
    {
        var store = await StoreAsync();
        var ct = TestContext.Current.CancellationToken;
        var variables = new PipelineVariable[] { new() { Key = "DEPLOY", Value = "yes" }, new() { Key = "TRIGGER_PAYLOAD", Value = "/payload", VariableType = "file" } };
        var body = "{\"ref\":\"main\"}"u8.ToArray();

        var (pipeline, jobs) = await store.InsertOnceAsync(
            Pipeline(projectId: 7), variables, [Job("build", "build", 0), Job("test", "test", 1), Job("deploy", "deploy", 2) with { StartIn = "1 minute" }],
            new StoredPayload { ContentType = "application/json", Body = body }, ct);
        var stored = await new JobStore(_dataSource!).SnapshotsAsync(7, pipeline.Id, ct);

        Assert.Equal(1, pipeline.Iid);
        Assert.Equal(pipeline, (await store.FindAsync(7, pipeline.Id, ct))! with { CreatedAt = pipeline.CreatedAt, UpdatedAt = pipeline.UpdatedAt });
        Assert.Equal(["DEPLOY:yes:env_var", "TRIGGER_PAYLOAD:/payload:file"], (await store.VariablesAsync(pipeline.Id, ct)).Select(v => $"{v.Key}:{v.Value}:{v.VariableType}"));
        Assert.Equal(body, (await store.PayloadAsync(pipeline.Id, ct))?.Body);
        Assert.Equal(["build", "test", "deploy"], stored.Select(job => job.Name));
        Assert.Equal(stored.Select(job => (job.Id, job.Name)), jobs!.Select(job => (job.Id, job.Name)));
        Assert.All(jobs!, job => Assert.Equal(pipeline.Id, job.PipelineId));
    }

    /// <summary>Runs the pipelines migrations of one dialect (<c>postgres</c>, <c>sqlite</c>) as the hosts run them.</summary>
    protected static void Migrate(UpgradeEngineBuilder database, string dialect)
    {
        var migrated = database
            .WithScriptsEmbeddedInAssembly(typeof(PipelineStore).Assembly, name => name.Contains($".Migrations.{dialect}.", StringComparison.Ordinal))
            .WithTransactionPerScript()
            .LogToNowhere()
            .Build()
            .PerformUpgrade();
        Assert.True(migrated.Successful, migrated.Error?.ToString());
    }

    private protected async Task<PipelineStore> StoreAsync()
    {
        DapperTypeHandlers.Register();
        _dataSource = await OpenAsync(TestContext.Current.CancellationToken);
        return new PipelineStore(_dataSource);
    }

    private static JobRecord Job(string name, string stage, int stageIdx) => new()
    {
        Id = 0,
        PipelineId = 0,
        ProjectId = 7,
        Name = name,
        Stage = stage,
        StageIdx = stageIdx,
        Status = stageIdx == 0 ? "pending" : "created",
        RunWhen = "on_success",
        Script = "[\"echo " + name + "\"]",
        AfterScript = "[]",
        YamlVariables = "[]",
        CreatedAt = DateTimeOffset.UtcNow,
    };

    private protected static PipelineRecord Pipeline(long projectId) => new()
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

    public virtual ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public virtual async ValueTask DisposeAsync()
    {
        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync();
        }
        GC.SuppressFinalize(this);
    }
}

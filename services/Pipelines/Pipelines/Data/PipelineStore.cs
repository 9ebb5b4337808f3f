using System.Data.Common;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using WvsMesh.ServiceDefaults.Data;

namespace WvsMesh.Pipelines.Data;

/// <summary>Pipelines and their variables, written together in one transaction.</summary>
internal sealed class PipelineStore([FromKeyedServices(PipelinesModule.Database)] DbDataSource dataSource)
{
    private const string Columns = """
        id, iid, project_id, project_path, request_id, trace_id, sha, ref, tag, status, source, trigger_id, trigger_short_token,
        user_id, user_username, user_name, committed_at, yaml_errors, ref_protected, trigger_description, created_at, updated_at,
        repository_url, project_name, default_branch, started_at, finished_at, upstream_project_id, upstream_pipeline_id, upstream_job_id
        """;

    private const string FindByRequestSql = $"SELECT {Columns} FROM pipelines WHERE request_id = @requestId";

    private const string FindSql = $"SELECT {Columns} FROM pipelines WHERE project_id = @projectId AND id = @id";

    private const string VariablesSql = "SELECT key, value, variable_type FROM pipeline_variables WHERE pipeline_id = @pipelineId ORDER BY key";

    private const string InsertPayloadSql = "INSERT INTO pipeline_payloads (pipeline_id, content_type, body) VALUES (@pipelineId, @contentType, @body)";

    private const string PayloadSql = "SELECT content_type, body FROM pipeline_payloads WHERE pipeline_id = @pipelineId";

    internal const string NextIidSql = "SELECT COALESCE((SELECT last_iid FROM pipeline_iids WHERE project_id = @projectId), 0) + 1";

    // Locks the project's counter row until the write that took it commits (SQLite: its transaction; PostgreSQL: the one statement).
    internal const string TakeIidSql = """
        INSERT INTO pipeline_iids (project_id, last_iid) VALUES (@projectId, 1)
        ON CONFLICT (project_id) DO UPDATE SET last_iid = pipeline_iids.last_iid + 1
        RETURNING last_iid
        """;

    /// <summary>The columns a new pipeline is written with, iid first; <see cref="InsertedValues"/> follow the iid in the same order.</summary>
    internal const string InsertedColumns = """
        iid, project_id, project_path, request_id, trace_id, sha, ref, tag, status, source, trigger_id,
            trigger_short_token, user_id, user_username, user_name, committed_at, yaml_errors, ref_protected, trigger_description,
            created_at, updated_at, repository_url, project_name, default_branch, upstream_project_id, upstream_pipeline_id, upstream_job_id
        """;

    /// <summary>The parameters of <see cref="ColumnValues"/>, in the order of <see cref="InsertedColumns"/> after the iid.</summary>
    internal const string InsertedValues = """
        @projectId, @projectPath, @requestId, @traceId, @sha, @ref, @tag, @status, @source, @triggerId,
            @triggerShortToken, @userId, @userUsername, @userName, @committedAt, @yamlErrors, @refProtected, @triggerDescription,
            @createdAt, @updatedAt, @repositoryUrl, @projectName, @defaultBranch, @upstreamProjectId, @upstreamPipelineId, @upstreamJobId
        """;

    private const string InsertSql = $"INSERT INTO pipelines ({InsertedColumns}) VALUES (@iid, {InsertedValues}) RETURNING id";


    public async Task<PipelineRecord?> FindByRequestAsync(Guid requestId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<PipelineRecord>(new CommandDefinition(FindByRequestSql, new { requestId = requestId.ToString("D") }, cancellationToken: ct));
    }

    /// <summary>The project's pipelines, newest first, filtered as GitLab's list API filters them.</summary>
    public async Task<(IReadOnlyList<PipelineRecord> Page, long Total)> ListAsync(long projectId, PipelineFilter filter, int offset, int limit, CancellationToken ct)
    {
        const string Where = """
            WHERE project_id = @projectId AND (@ref IS NULL OR ref = @ref) AND (@source IS NULL OR source = @source)
              AND (@status IS NULL OR status = @status) AND (@sha IS NULL OR sha = @sha)
              AND (@yamlErrors IS NULL OR (@yamlErrors = (yaml_errors IS NOT NULL)))
            """;
        var parameters = new { projectId, @ref = filter.Ref, source = filter.Source, status = filter.Status, sha = filter.Sha, yamlErrors = filter.YamlErrors, offset, limit };
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<PipelineRecord>(new CommandDefinition(
            $"SELECT {Columns} FROM pipelines {Where} ORDER BY id DESC LIMIT @limit OFFSET @offset", parameters, cancellationToken: ct));
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition($"SELECT COUNT(*) FROM pipelines {Where}", parameters, cancellationToken: ct));
        return (rows.AsList(), total);
    }

    public async Task<IReadOnlyList<PipelineVariable>> VariablesAsync(long pipelineId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<PipelineVariable>(new CommandDefinition(VariablesSql, new { pipelineId }, cancellationToken: ct))).AsList();
    }

    /// <summary>The webhook body a pipeline was triggered with, byte for byte; null when it had none.</summary>
    public async Task<StoredPayload?> PayloadAsync(long pipelineId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<StoredPayload>(new CommandDefinition(PayloadSql, new { pipelineId }, cancellationToken: ct));
    }

    /// <summary>The iid the project's next pipeline will most likely get (the insert takes the real one in its transaction).</summary>
    public async Task<long> NextIidAsync(long projectId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(NextIidSql, new { projectId }, cancellationToken: ct));
    }

    public async Task<PipelineRecord?> FindAsync(long projectId, long id, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<PipelineRecord>(new CommandDefinition(FindSql, new { projectId, id }, cancellationToken: ct));
    }

    /// <summary>
    /// Writes the pipeline with the project's next iid (taken from its counter row, which the write holds until it
    /// commits), its variables, payload and jobs at once: in PostgreSQL one statement (<see cref="PostgresPipelineInsert"/>),
    /// in SQLite one transaction. When the request id is already stored (a redelivery that raced
    /// the first delivery), returns the stored pipeline instead, without its jobs (null: read them if needed).
    /// </summary>
    public async Task<(PipelineRecord Pipeline, IReadOnlyList<JobRecord>? Jobs)> InsertOnceAsync(
        PipelineRecord pipeline, IReadOnlyList<PipelineVariable> variables, IReadOnlyList<JobRecord> jobs, StoredPayload? payload, CancellationToken ct)
    {
        try
        {
            return await InsertAsync(pipeline, variables, jobs, payload, ct);
        }
        catch (DbException e) when (DbErrors.IsUniqueViolation(e))
        {
            // The unique request id: the other delivery has committed (the database waited for it), so it is there.
            return (await FindByRequestAsync(pipeline.RequestId, ct) ?? throw new InvalidOperationException(
                $"Pipeline for request {pipeline.RequestId} hit a unique key that is not its request id.", e), null);
        }
    }

    private async Task<(PipelineRecord, IReadOnlyList<JobRecord>?)> InsertAsync(
        PipelineRecord pipeline, IReadOnlyList<PipelineVariable> variables, IReadOnlyList<JobRecord> jobs, StoredPayload? payload, CancellationToken ct)
    {
        if (dataSource is NpgsqlDataSource)
        {
            // One statement, so the project's iid counter is locked only while it runs and commits.
            return await PostgresPipelineInsert.InsertAsync(dataSource, pipeline, variables, jobs, payload, ct);
        }
        // In SQLite, triggers that queue up share one transaction (group commit); the answer follows the commit.
        return await dataSource.WriteAsync((connection, transaction, token) => InsertAsync(connection, transaction, pipeline, variables, jobs, payload, token), ct);
    }

    private static async Task<(PipelineRecord, IReadOnlyList<JobRecord>?)> InsertAsync(DbConnection connection, DbTransaction transaction,
        PipelineRecord pipeline, IReadOnlyList<PipelineVariable> variables, IReadOnlyList<JobRecord> jobs, StoredPayload? payload, CancellationToken ct)
    {
        var iid = await connection.ExecuteScalarAsync<long>(new CommandDefinition(TakeIidSql, new { projectId = pipeline.ProjectId }, transaction, cancellationToken: ct));
        var columns = ColumnValues(pipeline);
        columns.Add("iid", iid);
        var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(InsertSql, columns, transaction, cancellationToken: ct));
        if (variables.Count > 0)
        {
            var (sql, parameters) = InsertVariables(id, variables);
            await connection.ExecuteAsync(new CommandDefinition(sql, parameters, transaction, cancellationToken: ct));
        }
        if (payload is not null)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                InsertPayloadSql, new { pipelineId = id, contentType = payload.ContentType, body = payload.Body }, transaction, cancellationToken: ct));
        }
        var inserted = await JobStore.InsertAsync(connection, transaction, id, jobs, ct);
        return (pipeline with { Id = id, Iid = iid }, inserted);
    }

    /// <summary>The new pipeline's columns but its iid, as parameters named like them (both dialects' INSERTs use these names).</summary>
    internal static DynamicParameters ColumnValues(PipelineRecord pipeline) => new(new
    {
        projectId = pipeline.ProjectId,
        projectPath = pipeline.ProjectPath,
        requestId = pipeline.RequestId.ToString("D"),
        traceId = pipeline.TraceId,
        sha = pipeline.Sha,
        @ref = pipeline.Ref,
        tag = pipeline.Tag,
        status = pipeline.Status,
        source = pipeline.Source,
        triggerId = pipeline.TriggerId,
        triggerShortToken = pipeline.TriggerShortToken,
        userId = pipeline.UserId,
        userUsername = pipeline.UserUsername,
        userName = pipeline.UserName,
        committedAt = pipeline.CommittedAt,
        yamlErrors = pipeline.YamlErrors,
        refProtected = pipeline.RefProtected,
        triggerDescription = pipeline.TriggerDescription,
        createdAt = pipeline.CreatedAt,
        updatedAt = pipeline.UpdatedAt,
        repositoryUrl = pipeline.RepositoryUrl,
        projectName = pipeline.ProjectName,
        defaultBranch = pipeline.DefaultBranch,
        upstreamProjectId = pipeline.UpstreamProjectId,
        upstreamPipelineId = pipeline.UpstreamPipelineId,
        upstreamJobId = pipeline.UpstreamJobId,
    });

    /// <summary>One multi-row INSERT for all variables: one round trip, however many there are. Only placeholders are generated.</summary>
    private static (string Sql, DynamicParameters Parameters) InsertVariables(long pipelineId, IReadOnlyList<PipelineVariable> variables)
    {
        var sql = new System.Text.StringBuilder("INSERT INTO pipeline_variables (pipeline_id, key, value, variable_type) VALUES ");
        var parameters = new DynamicParameters();
        parameters.Add("pipelineId", pipelineId);
        for (var i = 0; i < variables.Count; i++)
        {
            sql.Append(i == 0 ? "" : ", ").Append(System.Globalization.CultureInfo.InvariantCulture, $"(@pipelineId, @k{i}, @v{i}, @t{i})");
            parameters.Add($"k{i}", variables[i].Key);
            parameters.Add($"v{i}", variables[i].Value);
            parameters.Add($"t{i}", variables[i].VariableType);
        }
        return (sql.ToString(), parameters);
    }
}

/// <summary>The filters of <c>GET /projects/:id/pipelines</c>; null means any.</summary>
internal sealed record PipelineFilter(string? Ref, string? Source, string? Status, string? Sha, bool? YamlErrors);

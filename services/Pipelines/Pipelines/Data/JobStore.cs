using System.Data.Common;
using System.Globalization;
using System.Text;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using WvsMesh.Contracts.Pipelines;

namespace WvsMesh.Pipelines.Data;

/// <summary>Jobs of pipelines: written with their pipeline in one transaction, read by pipeline or project.</summary>
internal sealed class JobStore([FromKeyedServices(PipelinesModule.Database)] DbDataSource dataSource)
{
    internal const string Columns = """
        id, pipeline_id, project_id, name, stage, stage_idx, status, run_when, allow_failure, start_in, script, after_script,
        yaml_variables, created_at, started_at, finished_at, runner_id, failure_reason
        """;

    private const string ByPipelineSql = $"SELECT {Columns} FROM jobs WHERE project_id = @projectId AND pipeline_id = @pipelineId ORDER BY id DESC LIMIT @limit OFFSET @offset";

    private const string SnapshotsSql = $"SELECT {Columns} FROM jobs WHERE project_id = @projectId AND pipeline_id = @pipelineId ORDER BY id";

    private const string CountByPipelineSql = "SELECT COUNT(*) FROM jobs WHERE project_id = @projectId AND pipeline_id = @pipelineId";

    private const string ByProjectSql = $"SELECT {Columns} FROM jobs WHERE project_id = @projectId ORDER BY id DESC LIMIT @limit OFFSET @offset";

    private const string CountByProjectSql = "SELECT COUNT(*) FROM jobs WHERE project_id = @projectId";

    private const string FindSql = $"SELECT {Columns} FROM jobs WHERE project_id = @projectId AND id = @id";

    /// <summary>The columns a new job is written with (both dialects' INSERTs).</summary>
    internal const string InsertedColumns = """
        pipeline_id, project_id, name, stage, stage_idx, status, run_when, allow_failure, start_in, script,
            after_script, yaml_variables, created_at
        """;

    /// <summary>
    /// Rows per INSERT statement. Providers look parameters up by name, so a statement's cost grows with the square of its
    /// parameter count; 50 rows (650 parameters) measured fastest for 1,000-job pipelines.
    /// </summary>
    private const int RowsPerStatement = 20;

    public async Task<(IReadOnlyList<JobRecord> Page, long Total)> ListByPipelineAsync(long projectId, long pipelineId, int offset, int limit, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<JobRecord>(new CommandDefinition(ByPipelineSql, new { projectId, pipelineId, offset, limit }, cancellationToken: ct));
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(CountByPipelineSql, new { projectId, pipelineId }, cancellationToken: ct));
        return (rows.AsList(), total);
    }

    /// <summary>Every job of a pipeline in creation order, as pipeline events carry them (one query, no count).</summary>
    public async Task<IReadOnlyList<JobSnapshot>> SnapshotsAsync(long projectId, long pipelineId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<JobRecord>(new CommandDefinition(SnapshotsSql, new { projectId, pipelineId }, cancellationToken: ct));
        return [.. rows.Select(JobSnapshots.ToSnapshot)];
    }

    public async Task<(IReadOnlyList<JobRecord> Page, long Total)> ListByProjectAsync(long projectId, int offset, int limit, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<JobRecord>(new CommandDefinition(ByProjectSql, new { projectId, offset, limit }, cancellationToken: ct));
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(CountByProjectSql, new { projectId }, cancellationToken: ct));
        return (rows.AsList(), total);
    }

    public async Task<JobRecord?> FindAsync(long projectId, long id, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<JobRecord>(new CommandDefinition(FindSql, new { projectId, id }, cancellationToken: ct));
    }

    /// <summary>Inserts a pipeline's jobs inside its transaction, a few hundred rows per statement.</summary>
    public static async Task<IReadOnlyList<JobRecord>> InsertAsync(
        DbConnection connection, DbTransaction transaction, long pipelineId, IReadOnlyList<JobRecord> jobs, CancellationToken ct)
    {
        var inserted = new List<JobRecord>(jobs.Count);
        foreach (var chunk in jobs.Chunk(RowsPerStatement))
        {
            var sql = new StringBuilder($"INSERT INTO jobs ({InsertedColumns}) VALUES");
            var parameters = new DynamicParameters();
            parameters.Add("pipelineId", pipelineId);
            for (var i = 0; i < chunk.Length; i++)
            {
                var job = chunk[i];
                sql.Append(i == 0 ? " " : ", ").Append(CultureInfo.InvariantCulture,
                    $"(@pipelineId, @p{i}, @n{i}, @s{i}, @x{i}, @st{i}, @w{i}, @af{i}, @si{i}, @sc{i}, @as{i}, @yv{i}, @c{i})");
                parameters.Add($"p{i}", job.ProjectId);
                parameters.Add($"n{i}", job.Name);
                parameters.Add($"s{i}", job.Stage);
                parameters.Add($"x{i}", job.StageIdx);
                parameters.Add($"st{i}", job.Status);
                parameters.Add($"w{i}", job.RunWhen);
                parameters.Add($"af{i}", job.AllowFailure);
                parameters.Add($"si{i}", job.StartIn);
                parameters.Add($"sc{i}", job.Script);
                parameters.Add($"as{i}", job.AfterScript);
                parameters.Add($"yv{i}", job.YamlVariables);
                parameters.Add($"c{i}", job.CreatedAt);
            }
            // The new ids come back with the names (unique in a pipeline), so nobody reads the jobs back to learn them.
            sql.Append(" RETURNING id, name");
            var ids = (await connection.QueryAsync<(long Id, string Name)>(new CommandDefinition(sql.ToString(), parameters, transaction, cancellationToken: ct)))
                .ToDictionary(row => row.Name, row => row.Id, StringComparer.Ordinal);
            inserted.AddRange(chunk.Select(job => job with { Id = ids[job.Name], PipelineId = pipelineId }));
        }
        return inserted;
    }
}

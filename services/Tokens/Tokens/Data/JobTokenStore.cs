using System.Data.Common;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using WvsMesh.ServiceDefaults.Data;
using WvsMesh.ServiceDefaults.Identity;

namespace WvsMesh.Tokens.Data;

/// <summary>A job's <c>CI_JOB_TOKEN</c>, by digest; usable until <see cref="FinishedAt"/>.</summary>
internal sealed record JobToken
{
    public required long JobId { get; init; }
    public required long PipelineId { get; init; }
    public required long ProjectId { get; init; }
    public required long UserId { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
}

/// <summary>Job tokens of running jobs, and each project's inbound job-token allowlist.</summary>
internal sealed class JobTokenStore([FromKeyedServices(TokensModule.Database)] DbDataSource dataSource)
{
    private const string RegisterSql = """
        INSERT INTO job_tokens (token_digest, job_id, pipeline_id, project_id, user_id, created_at)
        VALUES (@digest, @jobId, @pipelineId, @projectId, @userId, @now)
        """;

    private const string FindSql = "SELECT job_id, pipeline_id, project_id, user_id, finished_at FROM job_tokens WHERE token_digest = @digest";

    private const string FinishSql = "UPDATE job_tokens SET finished_at = @now WHERE job_id = @jobId AND finished_at IS NULL";

    private const string AllowsSql = "SELECT COUNT(*) FROM job_token_allowlist WHERE project_id = @projectId AND source_project_id = @sourceProjectId";

    private const string AllowlistSql = $"""
        SELECT {ProjectStore.JoinedColumns}, m.access_level FROM job_token_allowlist a JOIN projects p ON p.id = a.source_project_id
        LEFT JOIN project_members m ON m.project_id = p.id AND m.user_id = @viewerId
        WHERE a.project_id = @projectId ORDER BY a.source_project_id LIMIT @limit OFFSET @offset
        """;

    private const string CountAllowlistSql = """
        SELECT COUNT(*) FROM job_token_allowlist a JOIN projects p ON p.id = a.source_project_id WHERE a.project_id = @projectId
        """;

    private const string AllowSql = """
        INSERT INTO job_token_allowlist (project_id, source_project_id, created_at) VALUES (@projectId, @sourceProjectId, @now)
        """;

    private const string DisallowSql = "DELETE FROM job_token_allowlist WHERE project_id = @projectId AND source_project_id = @sourceProjectId";

    /// <summary>Records a running job's token; a repeat of the same registration is a no-op.</summary>
    public async Task RegisterAsync(string digest, long jobId, long pipelineId, long projectId, long userId, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(RegisterSql, new { digest, jobId, pipelineId, projectId, userId, now }, cancellationToken: ct));
        }
        catch (DbException e) when (DbErrors.IsUniqueViolation(e))
        {
            // Redelivered: already registered.
        }
    }

    public async Task<JobToken?> FindByDigestAsync(string digest, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<JobToken>(new CommandDefinition(FindSql, new { digest }, cancellationToken: ct));
    }

    public async Task FinishAsync(long jobId, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(FinishSql, new { jobId, now }, cancellationToken: ct));
    }

    /// <summary>True when <paramref name="projectId"/>'s allowlist admits job tokens of <paramref name="sourceProjectId"/>.</summary>
    public async Task<bool> AllowsAsync(long projectId, long sourceProjectId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(AllowsSql, new { projectId, sourceProjectId }, cancellationToken: ct)) > 0;
    }

    /// <summary>One page of the projects on <paramref name="projectId"/>'s allowlist (a deleted project is left out), and how many there are.</summary>
    /// <summary>The projects on the allowlist of <paramref name="projectId"/>, each with <paramref name="viewerId"/>'s access to it.</summary>
    public async Task<(IReadOnlyList<(Project Project, AccessLevel Access)> Page, long Total)> AllowlistAsync(
        long projectId, long viewerId, int offset, int limit, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<Project, ProjectStore.MemberAccess, (Project, AccessLevel)>(
            new CommandDefinition(AllowlistSql, new { projectId, viewerId, offset, limit }, cancellationToken: ct),
            (project, member) => (project, (AccessLevel)(member?.AccessLevel ?? 0)), splitOn: "access_level");
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(CountAllowlistSql, new { projectId }, cancellationToken: ct));
        return (rows.AsList(), total);
    }

    /// <summary>Adds to the allowlist; false when it was there already.</summary>
    public async Task<bool> AllowAsync(long projectId, long sourceProjectId, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(AllowSql, new { projectId, sourceProjectId, now }, cancellationToken: ct));
            return true;
        }
        catch (DbException e) when (DbErrors.IsUniqueViolation(e))
        {
            return false;
        }
    }

    public async Task<bool> DisallowAsync(long projectId, long sourceProjectId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(DisallowSql, new { projectId, sourceProjectId }, cancellationToken: ct)) == 1;
    }
}

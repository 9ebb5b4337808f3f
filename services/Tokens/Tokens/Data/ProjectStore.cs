using System.Data.Common;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using WvsMesh.ServiceDefaults.Data;
using WvsMesh.ServiceDefaults.Identity;
using WvsMesh.Tokens.Domain;

namespace WvsMesh.Tokens.Data;

/// <summary>Projects and their members.</summary>
internal sealed class ProjectStore([FromKeyedServices(TokensModule.Database)] DbDataSource dataSource, TimeProvider clock)
{
    private const string Columns = "id, name, path, namespace, full_path, import_url, default_branch, creator_id, created_at";

    private const string FindByIdSql = $"SELECT {Columns} FROM projects WHERE id = @id";

    private const string FindByPathSql = $"SELECT {Columns} FROM projects WHERE full_path = @fullPath";

    private const string InsertSql = """
        INSERT INTO projects (name, path, namespace, full_path, import_url, default_branch, creator_id, created_at)
        VALUES (@name, @path, @namespace, @fullPath, @importUrl, @defaultBranch, @creatorId, @now)
        RETURNING id
        """;

    private const string InsertMemberSql = """
        INSERT INTO project_members (project_id, user_id, access_level, created_at)
        VALUES (@projectId, @userId, @accessLevel, @now)
        """;

    private const string AccessSql = "SELECT access_level FROM project_members WHERE project_id = @projectId AND user_id = @userId";

    public async Task<Project?> FindAsync(ProjectRef reference, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return reference.Id is { } id
            ? await connection.QuerySingleOrDefaultAsync<Project>(new CommandDefinition(FindByIdSql, new { id }, cancellationToken: ct))
            : await connection.QuerySingleOrDefaultAsync<Project>(new CommandDefinition(FindByPathSql, new { fullPath = reference.FullPath }, cancellationToken: ct));
    }

    /// <summary>The user's access level in the project; <see cref="AccessLevel.None"/> when not a member.</summary>
    public async Task<AccessLevel> AccessOfAsync(long projectId, long userId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var level = await connection.QuerySingleOrDefaultAsync<int?>(new CommandDefinition(AccessSql, new { projectId, userId }, cancellationToken: ct));
        return (AccessLevel)(level ?? 0);
    }

    /// <summary>Creates the project with its creator as Owner; null when the full path is already taken.</summary>
    public async Task<Project?> InsertAsync(Project project, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        try
        {
            var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(InsertSql, new
            {
                name = project.Name,
                path = project.Path,
                @namespace = project.Namespace,
                fullPath = project.FullPath,
                importUrl = project.ImportUrl,
                defaultBranch = project.DefaultBranch,
                creatorId = project.CreatorId,
                now,
            }, transaction, cancellationToken: ct));
            await connection.ExecuteAsync(new CommandDefinition(InsertMemberSql,
                new { projectId = id, userId = project.CreatorId, accessLevel = (int)AccessLevel.Owner, now }, transaction, cancellationToken: ct));
            await transaction.CommitAsync(ct);
            return project with { Id = id, CreatedAt = now };
        }
        catch (DbException e) when (DbErrors.IsUniqueViolation(e))
        {
            return null;
        }
    }
}

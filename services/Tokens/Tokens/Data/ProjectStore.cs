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
    private const string Columns = "id, name, path, namespace, full_path, import_url, local_import_approved, default_branch, creator_id, created_at, pipeline_variables_role";

    /// <summary><see cref="Columns"/> of <c>projects p</c>, for queries that join projects to another table.</summary>
    internal const string JoinedColumns =
        "p.id, p.name, p.path, p.namespace, p.full_path, p.import_url, p.local_import_approved, p.default_branch, p.creator_id, p.created_at, p.pipeline_variables_role";

    private const string FindByIdSql = $"SELECT {Columns} FROM projects WHERE id = @id";

    private const string FindByPathSql = $"SELECT {Columns} FROM projects WHERE full_path = @fullPath";

    private const string InsertSql = """
        INSERT INTO projects (name, path, namespace, full_path, import_url, local_import_approved, default_branch, creator_id, created_at)
        VALUES (@name, @path, @namespace, @fullPath, @importUrl, @localImportApproved, @defaultBranch, @creatorId, @now)
        RETURNING id
        """;

    private const string InsertMemberSql = """
        INSERT INTO project_members (project_id, user_id, access_level, created_at)
        VALUES (@projectId, @userId, @accessLevel, @now)
        """;

    private const string ListForUserSql = $"""
        SELECT {JoinedColumns}, m.access_level FROM projects p
        LEFT JOIN project_members m ON m.project_id = p.id AND m.user_id = @userId
        WHERE @all OR m.user_id IS NOT NULL
        ORDER BY p.id DESC LIMIT @limit OFFSET @offset
        """;

    private const string CountForUserSql = """
        SELECT COUNT(*) FROM projects WHERE @all OR id IN (SELECT project_id FROM project_members WHERE user_id = @userId)
        """;

    private const string UpdateSettingsSql = "UPDATE projects SET pipeline_variables_role = @role, default_branch = @defaultBranch WHERE id = @id";

    private const string DeleteSql = "DELETE FROM projects WHERE id = @id";

    private const string MemberColumns = "u.id, u.username, u.name, u.state, m.access_level, m.created_at";

    private const string ListMembersSql = $"""
        SELECT {MemberColumns} FROM project_members m JOIN users u ON u.id = m.user_id
        WHERE m.project_id = @projectId ORDER BY u.id LIMIT @limit OFFSET @offset
        """;

    private const string CountMembersSql = "SELECT COUNT(*) FROM project_members WHERE project_id = @projectId";

    private const string FindMemberSql = $"""
        SELECT {MemberColumns} FROM project_members m JOIN users u ON u.id = m.user_id
        WHERE m.project_id = @projectId AND m.user_id = @userId
        """;

    private const string UpdateMemberSql = "UPDATE project_members SET access_level = @accessLevel WHERE project_id = @projectId AND user_id = @userId";

    private const string RemoveMemberSql = "DELETE FROM project_members WHERE project_id = @projectId AND user_id = @userId";

    private const string MemberIdsSql = "SELECT user_id FROM project_members WHERE project_id = @projectId";

    private const string AccessSql = "SELECT access_level FROM project_members WHERE project_id = @projectId AND user_id = @userId";

    /// <summary>A viewer's membership row beside a project it lists (Dapper maps it to null when the viewer is no member).</summary>
    internal sealed class MemberAccess
    {
        public int AccessLevel { get; init; }
    }

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
                localImportApproved = project.LocalImportApproved,
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

    /// <summary>The projects the user is a member of (every project for an admin), newest first, each with the user's access.</summary>
    public async Task<(IReadOnlyList<(Project Project, AccessLevel Access)> Page, long Total)> ListForUserAsync(
        long userId, bool all, int offset, int limit, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<Project, ProjectStore.MemberAccess, (Project, AccessLevel)>(
            new CommandDefinition(ListForUserSql, new { userId, all, offset, limit }, cancellationToken: ct),
            (project, member) => (project, (AccessLevel)(member?.AccessLevel ?? 0)), splitOn: "access_level");
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(CountForUserSql, new { userId, all }, cancellationToken: ct));
        return (rows.AsList(), total);
    }

    /// <summary>Deletes the project with its members, trigger tokens and protected refs; returns who had access.</summary>
    public async Task<IReadOnlyList<long>> DeleteAsync(long id, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var members = await connection.QueryAsync<long>(new CommandDefinition(MemberIdsSql, new { projectId = id }, transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(DeleteSql, new { id }, transaction, cancellationToken: ct));
        await transaction.CommitAsync(ct);
        return members.AsList();
    }

    public async Task<(IReadOnlyList<Member> Page, long Total)> ListMembersAsync(long projectId, int offset, int limit, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<Member>(new CommandDefinition(ListMembersSql, new { projectId, offset, limit }, cancellationToken: ct));
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(CountMembersSql, new { projectId }, cancellationToken: ct));
        return (rows.AsList(), total);
    }

    public async Task<Member?> FindMemberAsync(long projectId, long userId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<Member>(new CommandDefinition(FindMemberSql, new { projectId, userId }, cancellationToken: ct));
    }

    /// <summary>Adds a member; false when the user already is one.</summary>
    public async Task<bool> AddMemberAsync(long projectId, long userId, AccessLevel accessLevel, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(InsertMemberSql,
                new { projectId, userId, accessLevel = (int)accessLevel, now = clock.GetUtcNow() }, cancellationToken: ct));
            return true;
        }
        catch (DbException e) when (DbErrors.IsUniqueViolation(e))
        {
            return false;
        }
    }

    public async Task<bool> UpdateMemberAsync(long projectId, long userId, AccessLevel accessLevel, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(UpdateMemberSql, new { projectId, userId, accessLevel = (int)accessLevel }, cancellationToken: ct)) == 1;
    }

    public async Task<bool> RemoveMemberAsync(long projectId, long userId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(RemoveMemberSql, new { projectId, userId }, cancellationToken: ct)) == 1;
    }

    /// <summary>Updates the settings <c>PUT /projects/:id</c> may change.</summary>
    public async Task UpdateSettingsAsync(long id, string role, string defaultBranch, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(UpdateSettingsSql, new { id, role, defaultBranch }, cancellationToken: ct));
    }
}

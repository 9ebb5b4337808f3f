using System.Data.Common;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using WvsMesh.ServiceDefaults.Data;

namespace WvsMesh.Tokens.Data;

/// <summary>Protected branch and tag rules of projects.</summary>
internal sealed class ProtectedRefStore([FromKeyedServices(TokensModule.Database)] DbDataSource dataSource, TimeProvider clock)
{
    internal const string BranchColumns = "id, project_id, name, push_access_level, merge_access_level, allow_force_push";

    internal const string TagColumns = "id, project_id, name, create_access_level";

    private const string ListBranchesSql = $"SELECT {BranchColumns} FROM protected_branches WHERE project_id = @projectId ORDER BY id";

    private const string ListTagsSql = $"SELECT {TagColumns} FROM protected_tags WHERE project_id = @projectId ORDER BY id";

    private const string InsertBranchSql = $"""
        INSERT INTO protected_branches (project_id, name, push_access_level, merge_access_level, allow_force_push, created_at)
        VALUES (@projectId, @name, @pushAccessLevel, @mergeAccessLevel, @allowForcePush, @now)
        RETURNING {BranchColumns}
        """;

    private const string InsertTagSql = $"""
        INSERT INTO protected_tags (project_id, name, create_access_level, created_at)
        VALUES (@projectId, @name, @createAccessLevel, @now)
        RETURNING {TagColumns}
        """;

    private const string DeleteBranchSql = "DELETE FROM protected_branches WHERE project_id = @projectId AND name = @name";

    private const string DeleteTagSql = "DELETE FROM protected_tags WHERE project_id = @projectId AND name = @name";

    public async Task<IReadOnlyList<ProtectedBranch>> BranchesAsync(long projectId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<ProtectedBranch>(new CommandDefinition(ListBranchesSql, new { projectId }, cancellationToken: ct))).AsList();
    }

    public async Task<IReadOnlyList<ProtectedTag>> TagsAsync(long projectId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<ProtectedTag>(new CommandDefinition(ListTagsSql, new { projectId }, cancellationToken: ct))).AsList();
    }

    /// <summary>Protects a branch name or pattern; null when it already is.</summary>
    public async Task<ProtectedBranch?> ProtectBranchAsync(long projectId, string name, int pushAccessLevel, int mergeAccessLevel, bool allowForcePush, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        try
        {
            return await connection.QuerySingleAsync<ProtectedBranch>(new CommandDefinition(InsertBranchSql,
                new { projectId, name, pushAccessLevel, mergeAccessLevel, allowForcePush, now = clock.GetUtcNow() }, cancellationToken: ct));
        }
        catch (DbException e) when (DbErrors.IsUniqueViolation(e))
        {
            return null;
        }
    }

    /// <summary>Protects a tag name or pattern; null when it already is.</summary>
    public async Task<ProtectedTag?> ProtectTagAsync(long projectId, string name, int createAccessLevel, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        try
        {
            return await connection.QuerySingleAsync<ProtectedTag>(new CommandDefinition(InsertTagSql,
                new { projectId, name, createAccessLevel, now = clock.GetUtcNow() }, cancellationToken: ct));
        }
        catch (DbException e) when (DbErrors.IsUniqueViolation(e))
        {
            return null;
        }
    }

    public async Task<bool> UnprotectBranchAsync(long projectId, string name, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(DeleteBranchSql, new { projectId, name }, cancellationToken: ct)) == 1;
    }

    public async Task<bool> UnprotectTagAsync(long projectId, string name, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(DeleteTagSql, new { projectId, name }, cancellationToken: ct)) == 1;
    }
}

using System.Data.Common;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using WvsMesh.ServiceDefaults.Identity;
using WvsMesh.Tokens.Domain;

namespace WvsMesh.Tokens.Data;

/// <summary>
/// Everything a trigger token's trigger is decided on (<see cref="Triggering.TriggerDecision"/>): the route's project, the
/// token with that digest, its owner, the owner's role in the route's project and the project's protected-ref rules.
/// </summary>
internal sealed record TriggerContext(
    Project? Project, TriggerToken? Token, User? Owner, AccessLevel OwnerAccess, IReadOnlyList<ProtectedBranch> Branches, IReadOnlyList<ProtectedTag> Tags);

/// <summary>
/// Loads a <see cref="TriggerContext"/> in one command — one connection, one round trip, each statement an index probe —
/// instead of six reads each on its own connection (#14).
/// </summary>
internal sealed class TriggerContextStore([FromKeyedServices(TokensModule.Database)] DbDataSource dataSource)
{
    // The token by its current digest, or by the one it replaced during the rotation grace period: two unique indexes.
    private const string Owners = """
        SELECT owner_id FROM trigger_tokens WHERE token_digest = @digest
        UNION ALL
        SELECT owner_id FROM trigger_tokens WHERE previous_token_digest = @digest
        """;

    private static readonly string ById = Sql("id = @projectId");
    private static readonly string ByPath = Sql("full_path = @fullPath");

    public async Task<TriggerContext> LoadAsync(ProjectRef projectRef, string digest, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(
            projectRef.Id is null ? ByPath : ById, new { projectId = projectRef.Id, fullPath = projectRef.FullPath, digest }, cancellationToken: ct));
        var project = await results.ReadSingleOrDefaultAsync<Project>();
        var token = await results.ReadFirstOrDefaultAsync<TriggerToken>();
        var owner = await results.ReadFirstOrDefaultAsync<User>();
        var access = await results.ReadFirstOrDefaultAsync<int?>();
        var branches = (await results.ReadAsync<ProtectedBranch>()).AsList();
        var tags = (await results.ReadAsync<ProtectedTag>()).AsList();
        return new TriggerContext(project, token, owner, (AccessLevel)(access ?? 0), branches, tags);
    }

    private static string Sql(string projectCondition) => $"""
        SELECT {ProjectStore.JoinedColumns} FROM projects p WHERE p.{projectCondition};
        SELECT {TriggerTokenStore.Columns} FROM trigger_tokens WHERE token_digest = @digest
        UNION ALL
        SELECT {TriggerTokenStore.Columns} FROM trigger_tokens WHERE previous_token_digest = @digest;
        SELECT {UserStore.Columns} FROM users u WHERE u.id IN ({Owners});
        SELECT m.access_level FROM project_members m
        WHERE m.project_id IN (SELECT id FROM projects WHERE {projectCondition}) AND m.user_id IN ({Owners});
        SELECT {ProtectedRefStore.BranchColumns} FROM protected_branches
        WHERE project_id IN (SELECT id FROM projects WHERE {projectCondition}) ORDER BY id;
        SELECT {ProtectedRefStore.TagColumns} FROM protected_tags
        WHERE project_id IN (SELECT id FROM projects WHERE {projectCondition}) ORDER BY id;
        """;
}

using System.Data.Common;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace WvsMesh.Tokens.Data;

/// <summary>Trigger tokens: encrypted for their owner, found by digest (never by scanning), revoked rather than deleted.</summary>
internal sealed class TriggerTokenStore([FromKeyedServices(TokensModule.Database)] DbDataSource dataSource)
{
    private const string Columns = "id, project_id, owner_id, description, token_ciphertext, short_token, created_at, updated_at, expires_at, revoked_at";

    private const string FindByDigestSql = $"SELECT {Columns} FROM trigger_tokens WHERE token_digest = @digest";

    private const string FindSql = $"""
        SELECT {Columns} FROM trigger_tokens
        WHERE project_id = @projectId AND id = @id AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > @now)
        """;

    private const string ListSql = $"""
        SELECT {Columns} FROM trigger_tokens
        WHERE project_id = @projectId AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > @now)
        ORDER BY id
        LIMIT @limit OFFSET @offset
        """;

    private const string CountSql = """
        SELECT COUNT(*) FROM trigger_tokens
        WHERE project_id = @projectId AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > @now)
        """;

    private const string InsertSql = """
        INSERT INTO trigger_tokens (project_id, owner_id, description, token_ciphertext, token_digest, short_token, created_at, updated_at, expires_at)
        VALUES (@projectId, @ownerId, @description, @tokenCiphertext, @tokenDigest, @shortToken, @now, @now, @expiresAt)
        RETURNING id
        """;

    public async Task<TriggerToken?> FindByDigestAsync(string digest, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<TriggerToken>(new CommandDefinition(FindByDigestSql, new { digest }, cancellationToken: ct));
    }

    /// <summary>A live (not revoked, not expired) trigger of the project.</summary>
    public async Task<TriggerToken?> FindAsync(long projectId, long id, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<TriggerToken>(new CommandDefinition(FindSql, new { projectId, id, now }, cancellationToken: ct));
    }

    /// <summary>One page of the project's live triggers, and how many there are in all.</summary>
    public async Task<(IReadOnlyList<TriggerToken> Page, long Total)> ListAsync(long projectId, int page, int perPage, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<TriggerToken>(new CommandDefinition(ListSql,
            new { projectId, now, limit = perPage, offset = (page - 1) * perPage }, cancellationToken: ct));
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(CountSql, new { projectId, now }, cancellationToken: ct));
        return (rows.AsList(), total);
    }

    public async Task<TriggerToken> InsertAsync(TriggerToken trigger, string tokenDigest, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(InsertSql, new
        {
            projectId = trigger.ProjectId,
            ownerId = trigger.OwnerId,
            description = trigger.Description,
            tokenCiphertext = trigger.TokenCiphertext,
            tokenDigest,
            shortToken = trigger.ShortToken,
            now = trigger.CreatedAt,
            expiresAt = trigger.ExpiresAt,
        }, cancellationToken: ct));
        return trigger with { Id = id };
    }
}

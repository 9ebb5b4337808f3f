using System.Data.Common;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using WvsMesh.ServiceDefaults.Data;

namespace WvsMesh.Tokens.Data;

/// <summary>Trigger tokens: encrypted for their owner, found by digest (never by scanning), revoked rather than deleted.</summary>
internal sealed class TriggerTokenStore([FromKeyedServices(TokensModule.Database)] DbDataSource dataSource)
{
    internal const string Columns = """
        id, project_id, owner_id, description, token_ciphertext, token_digest, short_token, created_at, updated_at, expires_at,
        revoked_at, previous_token_digest, previous_valid_until, allowed_refs, last_used_at, last_used_ip, signing_secret_ciphertext
        """;

    private const string Live = "revoked_at IS NULL AND (expires_at IS NULL OR expires_at > @now)";

    private const string FindSql = $"SELECT {Columns} FROM trigger_tokens WHERE project_id = @projectId AND id = @id AND {Live}";

    private const string ListSql = $"SELECT {Columns} FROM trigger_tokens WHERE project_id = @projectId AND {Live} ORDER BY id LIMIT @limit OFFSET @offset";

    private const string CountSql = $"SELECT COUNT(*) FROM trigger_tokens WHERE project_id = @projectId AND {Live}";

    private const string InsertSql = """
        INSERT INTO trigger_tokens (project_id, owner_id, description, token_ciphertext, token_digest, short_token, created_at, updated_at,
            expires_at, allowed_refs, signing_secret_ciphertext)
        VALUES (@projectId, @ownerId, @description, @tokenCiphertext, @tokenDigest, @shortToken, @now, @now, @expiresAt, @allowedRefs,
            @signingSecretCiphertext)
        RETURNING id
        """;

    private const string UpdateSql = $"""
        UPDATE trigger_tokens SET description = @description, allowed_refs = @allowedRefs, signing_secret_ciphertext = @signingSecretCiphertext,
            updated_at = @now
        WHERE project_id = @projectId AND id = @id AND {Live}
        """;

    private const string RevokeSql = $"UPDATE trigger_tokens SET revoked_at = @now, updated_at = @now WHERE project_id = @projectId AND id = @id AND {Live}";

    private const string RotateSql = $"""
        UPDATE trigger_tokens
        SET previous_token_digest = token_digest, previous_valid_until = @previousValidUntil,
            token_digest = @tokenDigest, token_ciphertext = @tokenCiphertext, short_token = @shortToken, updated_at = @now
        WHERE project_id = @projectId AND id = @id AND {Live}
        """;

    private const string RecordUseSql = """
        UPDATE trigger_tokens SET last_used_at = @usedAt, last_used_ip = @ip
        WHERE id = @id AND (last_used_at IS NULL OR last_used_at < @usedAt)
        """;

    /// <summary>The token whose current (or, during a rotation's grace period, previous) digest this is.</summary>
    /// <summary>A live (not revoked, not expired) trigger of the project.</summary>
    public async Task<TriggerToken?> FindAsync(long projectId, long id, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<TriggerToken>(new CommandDefinition(FindSql, new { projectId, id, now }, cancellationToken: ct));
    }

    /// <summary>One page of the project's live triggers, and how many there are in all.</summary>
    public async Task<(IReadOnlyList<TriggerToken> Page, long Total)> ListAsync(long projectId, int offset, int limit, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<TriggerToken>(new CommandDefinition(ListSql, new { projectId, now, limit, offset }, cancellationToken: ct));
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(CountSql, new { projectId, now }, cancellationToken: ct));
        return (rows.AsList(), total);
    }

    /// <summary>Live tokens of the project, for the per-project limit.</summary>
    public async Task<long> CountLiveAsync(long projectId, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(CountSql, new { projectId, now }, cancellationToken: ct));
    }

    public async Task<TriggerToken> InsertAsync(TriggerToken trigger, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(InsertSql, new
        {
            projectId = trigger.ProjectId,
            ownerId = trigger.OwnerId,
            description = trigger.Description,
            tokenCiphertext = trigger.TokenCiphertext,
            tokenDigest = trigger.TokenDigest,
            shortToken = trigger.ShortToken,
            now = trigger.CreatedAt,
            expiresAt = trigger.ExpiresAt,
            allowedRefs = trigger.AllowedRefs,
            signingSecretCiphertext = trigger.SigningSecretCiphertext,
        }, cancellationToken: ct));
        return trigger with { Id = id };
    }

    /// <summary>Sets description, allowed refs and signing secret of a live token; false when it is gone.</summary>
    public Task<bool> UpdateAsync(TriggerToken trigger, DateTimeOffset now, CancellationToken ct) =>
        ExecuteOneAsync(UpdateSql, new
        {
            projectId = trigger.ProjectId,
            id = trigger.Id,
            description = trigger.Description,
            allowedRefs = trigger.AllowedRefs,
            signingSecretCiphertext = trigger.SigningSecretCiphertext,
            now,
        }, ct);

    /// <summary>Revokes a live token for good; false when it was already gone.</summary>
    public Task<bool> RevokeAsync(long projectId, long id, DateTimeOffset now, CancellationToken ct) =>
        ExecuteOneAsync(RevokeSql, new { projectId, id, now }, ct);

    /// <summary>Gives a live token a new secret; the old one keeps working until <paramref name="previousValidUntil"/>.</summary>
    public Task<bool> RotateAsync(long projectId, long id, byte[] tokenCiphertext, string tokenDigest, string shortToken,
        DateTimeOffset previousValidUntil, DateTimeOffset now, CancellationToken ct) =>
        ExecuteOneAsync(RotateSql, new { projectId, id, tokenCiphertext, tokenDigest, shortToken, previousValidUntil, now }, ct);

    /// <summary>Records uses (batched by the caller, off the trigger path); an older use never overwrites a newer one.</summary>
    public Task<int> RecordUsesAsync(IReadOnlyCollection<TriggerUse> uses, CancellationToken ct) =>
        dataSource.WriteAsync(async (connection, transaction, token) =>
        {
            foreach (var use in uses)
            {
                await connection.ExecuteAsync(new CommandDefinition(RecordUseSql, new { id = use.TriggerId, usedAt = use.At, ip = use.Address }, transaction, cancellationToken: token));
            }
            return uses.Count;
        }, ct);

    private async Task<bool> ExecuteOneAsync(string sql, object parameters, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(sql, parameters, cancellationToken: ct)) == 1;
    }
}

/// <summary>One successful use of a trigger token.</summary>
internal sealed record TriggerUse(long TriggerId, DateTimeOffset At, string? Address);

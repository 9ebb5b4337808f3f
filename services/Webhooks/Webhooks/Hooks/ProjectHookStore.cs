using System.Data.Common;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using WvsMesh.ServiceDefaults.Security;

namespace WvsMesh.Webhooks.Hooks;

/// <summary>A project hook as its maintainers see it: whether it has tokens, never the tokens.</summary>
internal sealed record ProjectHook
{
    public long Id { get; init; }
    public long ProjectId { get; init; }
    public required string Url { get; init; }
    public string? Name { get; init; }
    public string? Description { get; init; }
    public bool PipelineEvents { get; init; }
    public bool EnableSslVerification { get; init; } = true;
    public bool HasToken { get; init; }
    public bool HasSigningToken { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>The two secrets of a hook, decrypted only to send a request.</summary>
internal sealed record HookSecrets(string? Token, string? SigningToken);

/// <summary>What changes about a hook's secrets: <see cref="Keep"/> leaves one as it is, null removes it.</summary>
internal sealed record HookSecretChange(string? Token, string? SigningToken, bool KeepToken, bool KeepSigningToken)
{
    public static HookSecretChange Keep { get; } = new(null, null, true, true);
}

/// <summary>Project hooks; the secret token and the signing token are encrypted at rest with <see cref="SecretCipher"/>.</summary>
internal sealed class ProjectHookStore([FromKeyedServices(WebhooksModule.Database)] DbDataSource dataSource, SecretCipher cipher, TimeProvider clock)
{
    private const string Columns = """
        id, project_id, url, name, description, pipeline_events, enable_ssl_verification,
        token_ciphertext IS NOT NULL AS has_token, signing_token_ciphertext IS NOT NULL AS has_signing_token, created_at
        """;

    private const string ListSql = $"SELECT {Columns} FROM project_hooks WHERE project_id = @projectId ORDER BY id LIMIT @limit OFFSET @offset";

    private const string CountSql = "SELECT COUNT(*) FROM project_hooks WHERE project_id = @projectId";

    private const string FindSql = $"SELECT {Columns} FROM project_hooks WHERE project_id = @projectId AND id = @id";

    private const string ListForPipelineEventsSql = $"SELECT {Columns} FROM project_hooks WHERE project_id = @projectId AND pipeline_events ORDER BY id";

    private const string FindForDeliverySql = $"SELECT {Columns}, token_ciphertext, signing_token_ciphertext FROM project_hooks WHERE project_id = @projectId AND id = @id";

    private const string InsertSql = """
        INSERT INTO project_hooks (project_id, url, name, description, pipeline_events, enable_ssl_verification,
            token_ciphertext, signing_token_ciphertext, created_at)
        VALUES (@projectId, @url, @name, @description, @pipelineEvents, @enableSslVerification, @token, @signingToken, @now)
        RETURNING id
        """;

    private const string UpdateSql = $"""
        UPDATE project_hooks
        SET url = @url, name = @name, description = @description, pipeline_events = @pipelineEvents,
            enable_ssl_verification = @enableSslVerification,
            token_ciphertext = CASE WHEN @keepToken THEN token_ciphertext ELSE @token END,
            signing_token_ciphertext = CASE WHEN @keepSigningToken THEN signing_token_ciphertext ELSE @signingToken END
        WHERE project_id = @projectId AND id = @id
        RETURNING {Columns}
        """;

    private const string DeleteSql = "DELETE FROM project_hooks WHERE project_id = @projectId AND id = @id";

    public async Task<(IReadOnlyList<ProjectHook> Page, long Total)> ListAsync(long projectId, int offset, int limit, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(CountSql, new { projectId }, cancellationToken: ct));
        var page = await connection.QueryAsync<ProjectHook>(new CommandDefinition(ListSql, new { projectId, limit, offset }, cancellationToken: ct));
        return (page.ToList(), total);
    }

    public async Task<ProjectHook?> FindAsync(long projectId, long id, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<ProjectHook>(new CommandDefinition(FindSql, new { projectId, id }, cancellationToken: ct));
    }

    /// <summary>The project's hooks that want pipeline events.</summary>
    public async Task<IReadOnlyList<ProjectHook>> ListForPipelineEventsAsync(long projectId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<ProjectHook>(new CommandDefinition(ListForPipelineEventsSql, new { projectId }, cancellationToken: ct))).ToList();
    }

    /// <summary>The hook with its tokens in plain text, for the request being sent; null when the hook is gone.</summary>
    public async Task<(ProjectHook Hook, HookSecrets Secrets)?> FindForDeliveryAsync(long projectId, long id, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(FindForDeliverySql, new { projectId, id }, cancellationToken: ct));
        if (!await reader.ReadAsync(ct))
        {
            return null;
        }
        // One row read twice: each parser takes the columns it has members for.
        var hook = reader.GetRowParser<ProjectHook>()(reader);
        var row = reader.GetRowParser<SecretRow>()(reader);
        return (hook, new HookSecrets(Open(row.TokenCiphertext), Open(row.SigningTokenCiphertext)));
    }

    public async Task<ProjectHook> InsertAsync(ProjectHook hook, HookSecretChange secrets, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(InsertSql, new
        {
            projectId = hook.ProjectId,
            url = hook.Url,
            name = hook.Name,
            description = hook.Description,
            pipelineEvents = hook.PipelineEvents,
            enableSslVerification = hook.EnableSslVerification,
            token = Seal(secrets.Token),
            signingToken = Seal(secrets.SigningToken),
            now,
        }, cancellationToken: ct));
        return hook with { Id = id, CreatedAt = now, HasToken = secrets.Token is not null, HasSigningToken = secrets.SigningToken is not null };
    }

    /// <summary>Saves the hook's changes; returns the hook as stored, or null when it is gone.</summary>
    public async Task<ProjectHook?> UpdateAsync(ProjectHook hook, HookSecretChange secrets, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<ProjectHook>(new CommandDefinition(UpdateSql, new
        {
            projectId = hook.ProjectId,
            id = hook.Id,
            url = hook.Url,
            name = hook.Name,
            description = hook.Description,
            pipelineEvents = hook.PipelineEvents,
            enableSslVerification = hook.EnableSslVerification,
            keepToken = secrets.KeepToken,
            token = Seal(secrets.Token),
            keepSigningToken = secrets.KeepSigningToken,
            signingToken = Seal(secrets.SigningToken),
        }, cancellationToken: ct));
    }

    /// <summary>Deletes the hook with its events and delivery log.</summary>
    public async Task<bool> DeleteAsync(long projectId, long id, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(DeleteSql, new { projectId, id }, cancellationToken: ct)) == 1;
    }

    private byte[]? Seal(string? secret) => secret is null ? null : cipher.Encrypt(secret);

    private string? Open(byte[]? sealedBox) => sealedBox is null ? null : cipher.Decrypt(sealedBox);

    private sealed record SecretRow
    {
        public byte[]? TokenCiphertext { get; init; }
        public byte[]? SigningTokenCiphertext { get; init; }
    }
}

using System.Data.Common;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace WvsMesh.Tokens.Data;

/// <summary>Users and their personal access tokens (stored as SHA-256 digests only).</summary>
internal sealed class UserStore([FromKeyedServices(TokensModule.Database)] DbDataSource dataSource, TimeProvider clock)
{
    private const string Columns = "u.id, u.username, u.name, u.email, u.is_admin, u.state, u.created_at";

    private const string FindByIdSql = $"SELECT {Columns} FROM users u WHERE u.id = @id";

    private const string FindByUsernameSql = $"SELECT {Columns} FROM users u WHERE u.username = @username";

    private const string FindByTokenDigestSql = $"""
        SELECT {Columns}
        FROM personal_access_tokens t JOIN users u ON u.id = t.user_id
        WHERE t.digest = @digest AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > @now)
        """;

    private const string InsertUserSql = """
        INSERT INTO users (username, name, email, is_admin, state, created_at)
        VALUES (@username, @name, @email, @isAdmin, 'active', @now)
        RETURNING id
        """;

    private const string InsertTokenSql = """
        INSERT INTO personal_access_tokens (user_id, name, digest, scopes, created_at)
        VALUES (@userId, @name, @digest, @scopes, @now)
        """;

    public async Task<User?> FindByIdAsync(long id, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<User>(new CommandDefinition(FindByIdSql, new { id }, cancellationToken: ct));
    }

    public async Task<User?> FindByUsernameAsync(string username, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<User>(new CommandDefinition(FindByUsernameSql, new { username }, cancellationToken: ct));
    }

    /// <summary>The active holder of a live personal access token with this digest, if any.</summary>
    public async Task<User?> FindByTokenDigestAsync(string digest, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<User>(
            new CommandDefinition(FindByTokenDigestSql, new { digest, now = clock.GetUtcNow() }, cancellationToken: ct));
    }

    /// <summary>Creates a user with one personal access token, in one transaction.</summary>
    public async Task<long> InsertWithTokenAsync(string username, string name, string? email, bool isAdmin, string tokenName, string tokenDigest, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var userId = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            InsertUserSql, new { username, name, email, isAdmin, now }, transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(
            InsertTokenSql, new { userId, name = tokenName, digest = tokenDigest, scopes = "api", now }, transaction, cancellationToken: ct));
        await transaction.CommitAsync(ct);
        return userId;
    }
}

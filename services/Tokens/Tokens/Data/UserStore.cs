using System.Data.Common;
using System.Globalization;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using WvsMesh.ServiceDefaults.Data;

namespace WvsMesh.Tokens.Data;

/// <summary>Users and their personal access tokens (stored as SHA-256 digests only).</summary>
internal sealed class UserStore([FromKeyedServices(TokensModule.Database)] DbDataSource dataSource, TimeProvider clock)
{
    internal const string Columns = "u.id, u.username, u.name, u.email, u.is_admin, u.state, u.created_at";

    private const string FindByIdSql = $"SELECT {Columns} FROM users u WHERE u.id = @id";

    // The only reader of password digests (web UI sign-in).
    private const string FindCredentialsSql = """
        SELECT id, username, is_admin, state, password_digest
        FROM users
        WHERE lower(username) = lower(@username)
        """;

    private const string FindByUsernameSql = $"SELECT {Columns} FROM users u WHERE lower(u.username) = lower(@username)";

    private const string FindByTokenDigestSql = $"""
        SELECT {Columns}, t.scopes
        FROM personal_access_tokens t JOIN users u ON u.id = t.user_id
        WHERE t.digest = @digest AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > @now)
        """;

    private const string InsertUserSql = """
        INSERT INTO users (username, name, email, is_admin, state, password_digest, created_at)
        VALUES (@username, @name, @email, @isAdmin, 'active', @passwordDigest, @now)
        RETURNING id
        """;

    private const string SetStateSql = "UPDATE users SET state = @state WHERE id = @id";

    private const string TokenColumns = "id, user_id, name, scopes, created_at, expires_at, revoked_at, last_used_at";

    private const string InsertPersonalTokenSql = $"""
        INSERT INTO personal_access_tokens (user_id, name, digest, scopes, created_at, expires_at)
        VALUES (@userId, @name, @digest, @scopes, @now, @expiresAt)
        RETURNING {TokenColumns}
        """;

    private const string FindPersonalTokenSql = $"SELECT {TokenColumns} FROM personal_access_tokens WHERE id = @id";

    private const string RevokePersonalTokenSql = "UPDATE personal_access_tokens SET revoked_at = @now WHERE id = @id AND revoked_at IS NULL";

    private const string InsertTokenSql = """
        INSERT INTO personal_access_tokens (user_id, name, digest, scopes, created_at)
        VALUES (@userId, @name, @digest, @scopes, @now)
        """;

    public async Task<User?> FindByIdAsync(long id, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<User>(new CommandDefinition(FindByIdSql, new { id }, cancellationToken: ct));
    }

    /// <summary>Several users in one query; ids without a user are left out.</summary>
    public async Task<IReadOnlyList<User>> FindByIdsAsync(IReadOnlyCollection<long> ids, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return [];
        }
        // Numbered parameters rather than Dapper's list expansion, which both PostgreSQL and SQLite accept alike;
        // the query's shape depends only on how many ids there are.
        var parameters = new DynamicParameters();
        var names = ids.Select((id, i) =>
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"id{i}");
            parameters.Add(name, id);
            return "@" + name;
        }).ToList();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var users = await connection.QueryAsync<User>(new CommandDefinition(
            $"SELECT {Columns} FROM users u WHERE u.id IN ({string.Join(", ", names)})", parameters, cancellationToken: ct));
        return users.AsList();
    }

    /// <summary>What a password sign-in checks; null for an unknown username.</summary>
    public async Task<Credentials?> FindCredentialsAsync(string username, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<Credentials>(new CommandDefinition(FindCredentialsSql, new { username }, cancellationToken: ct));
    }

    public async Task<User?> FindByUsernameAsync(string username, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<User>(new CommandDefinition(FindByUsernameSql, new { username }, cancellationToken: ct));
    }

    /// <summary>The holder of a live personal access token with this digest and the token's scopes (space-separated), if any.</summary>
    public async Task<(User Holder, string Scopes)?> FindByTokenDigestAsync(string digest, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<User, string, (User, string)>(
            new CommandDefinition(FindByTokenDigestSql, new { digest, now = clock.GetUtcNow() }, cancellationToken: ct),
            (user, scopes) => (user, scopes), splitOn: "scopes");
        return rows.Select(row => ((User, string)?)row).SingleOrDefault();
    }

    /// <summary>Creates a user with one personal access token, in one transaction.</summary>
    public async Task<long> InsertWithTokenAsync(string username, string name, string? email, bool isAdmin, string tokenName, string tokenDigest, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var userId = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            InsertUserSql, new { username, name, email, isAdmin, passwordDigest = (string?)null, now }, transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(
            InsertTokenSql, new { userId, name = tokenName, digest = tokenDigest, scopes = "api", now }, transaction, cancellationToken: ct));
        await transaction.CommitAsync(ct);
        return userId;
    }

    /// <summary>Creates a user; null when the username or email is taken (which one: <see cref="FindByUsernameAsync"/>).</summary>
    public async Task<User?> InsertAsync(string username, string name, string email, bool isAdmin, string? passwordDigest, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        try
        {
            var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                InsertUserSql, new { username, name, email, isAdmin, passwordDigest, now }, cancellationToken: ct));
            return new User { Id = id, Username = username, Name = name, Email = email, IsAdmin = isAdmin, CreatedAt = now };
        }
        catch (DbException e) when (DbErrors.IsUniqueViolation(e))
        {
            return null;
        }
    }

    /// <summary>Sets <c>active</c> or <c>blocked</c>; false when there is no such user.</summary>
    public async Task<bool> SetStateAsync(long id, string state, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(SetStateSql, new { id, state }, cancellationToken: ct)) == 1;
    }

    /// <summary>Stores a new personal access token by its digest.</summary>
    public async Task<PersonalAccessToken> InsertPersonalTokenAsync(long userId, string name, string digest, string scopes, DateTimeOffset? expiresAt, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleAsync<PersonalAccessToken>(new CommandDefinition(InsertPersonalTokenSql,
            new { userId, name, digest, scopes, expiresAt, now = clock.GetUtcNow() }, cancellationToken: ct));
    }

    public async Task<PersonalAccessToken?> FindPersonalTokenAsync(long id, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<PersonalAccessToken>(new CommandDefinition(FindPersonalTokenSql, new { id }, cancellationToken: ct));
    }

    /// <summary>Revokes a personal access token; false when it was already revoked.</summary>
    public async Task<bool> RevokePersonalTokenAsync(long id, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(RevokePersonalTokenSql, new { id, now = clock.GetUtcNow() }, cancellationToken: ct)) == 1;
    }
}

using System.Data.Common;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace WvsMesh.Tokens.Data;

/// <summary>
/// Web UI sessions signed out before they expired (the gateway signs its cookies and stores nothing, so this is what lets
/// every replica refuse a signed-out cookie). Rows past their expiry are deleted as new ones arrive.
/// </summary>
internal sealed class SessionStore([FromKeyedServices(TokensModule.Database)] DbDataSource dataSource)
{
    private const string EndSql = """
        INSERT INTO ended_sessions (session_id, user_id, expires_at) VALUES (@sessionId, @userId, @expires)
        ON CONFLICT (session_id) DO NOTHING
        """;

    private const string ForgetExpiredSql = "DELETE FROM ended_sessions WHERE expires_at <= @now";

    private const string IsEndedSql = "SELECT COUNT(*) FROM ended_sessions WHERE session_id = @sessionId";

    /// <summary>Records that <paramref name="sessionId"/> is over (again: a no-op), forgetting sessions that expired by <paramref name="now"/>.</summary>
    public async Task EndAsync(long userId, string sessionId, DateTimeOffset expires, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(ForgetExpiredSql, new { now = now.ToUniversalTime() }, transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(
            EndSql, new { sessionId, userId, expires = expires.ToUniversalTime() }, transaction, cancellationToken: ct));
        await transaction.CommitAsync(ct);
    }

    public async Task<bool> IsEndedAsync(string sessionId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(IsEndedSql, new { sessionId }, cancellationToken: ct)) > 0;
    }
}

using System.Data.Common;
using System.Security.Cryptography;
using Dapper;
using WvsMesh.ServiceDefaults.Security;

namespace WvsMesh.TriggerLookup;

/// <summary>The accounts every stored token belongs to: one owner (active, member of nothing) and its projects.</summary>
internal sealed record BenchAccounts(long OwnerId, IReadOnlyList<long> ProjectIds);

/// <summary>A stored trigger token whose plaintext the bench knows.</summary>
internal sealed record StoredToken(string Token, long ProjectId);

/// <summary>
/// Fills the Tokens tables with plain SQL in one transaction, much faster than the API could (which also caps a project
/// at 25,000 tokens). Rows look like the API's: <c>wvsptt-</c> + 40 hex, its SHA-256 digest, a ciphertext-sized blob.
/// </summary>
internal sealed class TokenSeeder(DbDataSource database, bool isPostgres)
{
    private const int BatchSize = 1_000;

    private const string InsertOwnerSql = """
        INSERT INTO users (username, name, email, is_admin, state, created_at)
        VALUES ('bench-owner', 'Bench Owner', 'bench-owner@example.com', @isAdmin, 'active', @now)
        RETURNING id
        """;

    private const string InsertProjectSql = """
        INSERT INTO projects (name, path, namespace, full_path, import_url, default_branch, creator_id, created_at)
        VALUES (@p0, @p0, 'bench', @p1, '/nonexistent', 'main', @p2, @p3)
        """;

    private const string ProjectIdsSql = "SELECT id FROM projects WHERE namespace = 'bench' ORDER BY id";

    private const string InsertTokenSql = """
        INSERT INTO trigger_tokens (project_id, owner_id, description, token_ciphertext, token_digest, short_token, created_at, updated_at)
        VALUES (@p0, @p1, 'bench', @p2, @p3, @p4, @p5, @p5)
        """;

    // The WHERE clauses of TriggerTokenStore.FindByDigestSql, to show which index answers them.
    private const string DigestLookupSql = """
        SELECT id FROM trigger_tokens WHERE token_digest = @digest
        UNION ALL
        SELECT id FROM trigger_tokens WHERE previous_token_digest = @digest
        """;

    private readonly Random _random = new(20_240_601);

    public async Task<BenchAccounts> SeedAccountsAsync(int projects, CancellationToken ct)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        var now = DateTimeOffset.UtcNow;
        var ownerId = await connection.ExecuteScalarAsync<long>(new CommandDefinition(InsertOwnerSql, new { isAdmin = false, now }, cancellationToken: ct));
        var rows = Enumerable.Range(0, projects).Select(index => new object[] { $"p{index}", $"bench/p{index}", ownerId, now }).ToList();
        await InsertAsync(connection, InsertProjectSql, rows, ct);
        var ids = await connection.QueryAsync<long>(new CommandDefinition(ProjectIdsSql, cancellationToken: ct));
        return new BenchAccounts(ownerId, ids.AsList());
    }

    /// <summary>Stores <paramref name="count"/> more tokens spread over the projects; returns them with their plaintext.</summary>
    public async Task<List<StoredToken>> AddTokensAsync(int count, BenchAccounts accounts, CancellationToken ct)
    {
        var now = DateTimeOffset.UtcNow;
        var added = new List<StoredToken>(count);
        var rows = new List<object[]>(count);
        for (var index = 0; index < count; index++)
        {
            var token = "wvsptt-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));
            var projectId = accounts.ProjectIds[_random.Next(accounts.ProjectIds.Count)];
            // AES-GCM of a 47-character token is 75 bytes: 12-byte nonce, 47 bytes, 16-byte tag.
            rows.Add([projectId, accounts.OwnerId, RandomNumberGenerator.GetBytes(75), TokenDigest.Of(token), token[7..11], now]);
            added.Add(new StoredToken(token, projectId));
        }
        await using var connection = await database.OpenConnectionAsync(ct);
        await InsertAsync(connection, InsertTokenSql, rows, ct);
        await using var analyze = connection.CreateCommand();
        // Settle the table before timing: statistics, and (PostgreSQL) no autovacuum pass starting mid-run.
        analyze.CommandText = isPostgres ? "VACUUM ANALYZE trigger_tokens" : "ANALYZE";
        await analyze.ExecuteNonQueryAsync(ct);
        return added;
    }

    /// <summary>The database's plan for the digest lookup, one line per step.</summary>
    public async Task<string> DigestLookupPlanAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        var explain = (isPostgres ? "EXPLAIN " : "EXPLAIN QUERY PLAN ") + DigestLookupSql;
        await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(explain, new { digest = TokenDigest.Of("wvsptt-plan") }, cancellationToken: ct));
        var lines = new List<string>();
        while (await reader.ReadAsync(ct))
        {
            lines.Add(reader.GetValue(reader.FieldCount - 1)?.ToString() ?? "");
        }
        return string.Join(Environment.NewLine, lines);
    }

    /// <summary>The database's version, for the record.</summary>
    public async Task<string> VersionAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<string>(new CommandDefinition(isPostgres ? "SHOW server_version" : "SELECT sqlite_version()", cancellationToken: ct)) ?? "";
    }

    /// <summary>
    /// Runs <paramref name="sql"/> (parameters <c>@p0…</c>) once per row in one transaction: in batches of
    /// <see cref="BatchSize"/> where the provider batches (Npgsql), else as one prepared command (SQLite).
    /// </summary>
    private static async Task InsertAsync(DbConnection connection, string sql, List<object[]> rows, CancellationToken ct)
    {
        await using var transaction = await connection.BeginTransactionAsync(ct);
        if (connection.CanCreateBatch)
        {
            foreach (var chunk in rows.Chunk(BatchSize))
            {
                await using var batch = connection.CreateBatch();
                batch.Transaction = transaction;
                foreach (var row in chunk)
                {
                    var command = batch.CreateBatchCommand();
                    command.CommandText = sql;
                    for (var index = 0; index < row.Length; index++)
                    {
                        var parameter = command.CreateParameter();
                        parameter.ParameterName = $"p{index}";
                        parameter.Value = row[index];
                        command.Parameters.Add(parameter);
                    }
                    batch.BatchCommands.Add(command);
                }
                await batch.ExecuteNonQueryAsync(ct);
            }
        }
        else
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            var parameters = Enumerable.Range(0, rows.Count == 0 ? 0 : rows[0].Length).Select(index =>
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = $"p{index}";
                command.Parameters.Add(parameter);
                return parameter;
            }).ToList();
            foreach (var row in rows)
            {
                for (var index = 0; index < row.Length; index++)
                {
                    parameters[index].Value = row[index];
                }
                await command.ExecuteNonQueryAsync(ct);
            }
        }
        await transaction.CommitAsync(ct);
    }
}

using System.Data.Common;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace WvsMesh.Pipelines.Data;

/// <summary>A registered runner; its authentication token is kept only as a digest.</summary>
internal sealed record Runner
{
    public required long Id { get; init; }
    public string? Description { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? ContactedAt { get; init; }
}

/// <summary>Runners: created by an admin, found by their token's digest.</summary>
internal sealed class RunnerStore([FromKeyedServices(PipelinesModule.Database)] DbDataSource dataSource)
{
    private const string InsertSql = """
        INSERT INTO runners (token_digest, description, created_by, created_at) VALUES (@digest, @description, @createdBy, @now)
        RETURNING id
        """;

    private const string FindSql = "SELECT id, description, created_at, contacted_at FROM runners WHERE token_digest = @digest";

    private const string ContactSql = """
        UPDATE runners SET contacted_at = @now WHERE token_digest = @digest RETURNING id, description, created_at, contacted_at
        """;

    private const string DeleteSql = "DELETE FROM runners WHERE token_digest = @digest";

    public async Task<long> InsertAsync(string digest, string? description, long createdBy, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(InsertSql, new { digest, description, createdBy, now }, cancellationToken: ct));
    }

    public async Task<Runner?> FindByDigestAsync(string digest, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<Runner>(new CommandDefinition(FindSql, new { digest }, cancellationToken: ct));
    }

    /// <summary>The runner behind a token digest, marked as contacted now (one statement); null when there is none.</summary>
    public async Task<Runner?> ContactAsync(string digest, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<Runner>(new CommandDefinition(ContactSql, new { digest, now }, cancellationToken: ct));
    }

    public async Task<bool> DeleteAsync(string digest, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(DeleteSql, new { digest }, cancellationToken: ct)) == 1;
    }
}

using Testcontainers.PostgreSql;
using Testcontainers.RabbitMq;
using Xunit;

namespace WvsMesh.TestKit;

/// <summary>
/// Where the real PostgreSQL and RabbitMQ come from: <c>WVS_TEST_POSTGRES</c> / <c>WVS_TEST_RABBITMQ</c> (test.sh starts
/// private servers and sets them), or Testcontainers when <c>WVS_TEST_TESTCONTAINERS=1</c>. Without either, integration
/// tests skip with a reason, unless <c>WVS_TEST_REQUIRE_SERVERS=1</c> (set by test.sh), when they fail.
/// </summary>
public sealed class TestServers : IAsyncLifetime
{
    private PostgreSqlContainer? _postgresContainer;
    private RabbitMqContainer? _rabbitContainer;

    /// <summary>An Npgsql connection string to a database the tests may create databases from.</summary>
    public string? Postgres { get; private set; } = Environment.GetEnvironmentVariable("WVS_TEST_POSTGRES");

    /// <summary>An <c>amqp://</c> URI of the broker.</summary>
    public string? RabbitMq { get; private set; } = Environment.GetEnvironmentVariable("WVS_TEST_RABBITMQ");

    /// <summary>Skips (or, under test.sh, fails) the calling test when the servers are not there.</summary>
    public void Require()
    {
        if (Postgres is not null && RabbitMq is not null)
        {
            return;
        }
        const string reason = "needs PostgreSQL and RabbitMQ: run ./test.sh, or set WVS_TEST_POSTGRES and WVS_TEST_RABBITMQ";
        if (Environment.GetEnvironmentVariable("WVS_TEST_REQUIRE_SERVERS") == "1")
        {
            Assert.Fail(reason);
        }
        Assert.Skip(reason);
    }

    public async ValueTask InitializeAsync()
    {
        if (Environment.GetEnvironmentVariable("WVS_TEST_TESTCONTAINERS") != "1" || (Postgres is not null && RabbitMq is not null))
        {
            return;
        }
        _postgresContainer = new PostgreSqlBuilder("postgres:15-alpine").Build();
        _rabbitContainer = new RabbitMqBuilder("rabbitmq:3.13-alpine").Build();
        await Task.WhenAll(_postgresContainer.StartAsync(), _rabbitContainer.StartAsync());
        Postgres = _postgresContainer.GetConnectionString();
        RabbitMq = _rabbitContainer.GetConnectionString();
    }

    public async ValueTask DisposeAsync()
    {
        if (_postgresContainer is not null)
        {
            await _postgresContainer.DisposeAsync();
        }
        if (_rabbitContainer is not null)
        {
            await _rabbitContainer.DisposeAsync();
        }
    }

    /// <summary>A connection string for a new, empty database named after <paramref name="prefix"/>.</summary>
    public async Task<string> NewDatabaseAsync(string prefix, CancellationToken ct)
    {
        Require();
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 33, 63)];
        await using var connection = new Npgsql.NpgsqlConnection(Postgres);
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = $"CREATE DATABASE \"{name}\"";
        await command.ExecuteNonQueryAsync(ct);
        return new Npgsql.NpgsqlConnectionStringBuilder(Postgres) { Database = name }.ConnectionString;
    }
}

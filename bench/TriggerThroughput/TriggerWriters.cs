using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace WvsMesh.TriggerThroughput;

/// <summary>Where a baseline puts one row per trigger: nowhere, SQLite or PostgreSQL.</summary>
internal interface ITriggerWriter : IAsyncDisposable
{
    /// <summary>Stores one trigger; its id.</summary>
    public Task<long> InsertAsync(string projectId, string reference, CancellationToken ct);
}

/// <summary>The raw baseline: no storage, only an id.</summary>
internal sealed class CountingWriter : ITriggerWriter
{
    private long _last;

    public Task<long> InsertAsync(string projectId, string reference, CancellationToken ct) => Task.FromResult(Interlocked.Increment(ref _last));

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

/// <summary>
/// One SQLite file in WAL mode with one writer: a single open connection and prepared INSERT, taken in turn through a
/// <see cref="SemaphoreSlim"/> (waiters queue asynchronously; no busy handler sleeps), one transaction per row.
/// </summary>
internal sealed class SqliteTriggerWriter : ITriggerWriter
{
    private const string CreateSql = """
        CREATE TABLE IF NOT EXISTS triggers (
            id INTEGER PRIMARY KEY,
            project_id TEXT NOT NULL,
            ref TEXT NOT NULL,
            created_at TEXT NOT NULL)
        """;

    private const string InsertSql = "INSERT INTO triggers (project_id, ref, created_at) VALUES ($project, $ref, $at) RETURNING id";

    private readonly SemaphoreSlim _turn = new(1, 1);
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _insert;

    private SqliteTriggerWriter(SqliteConnection connection)
    {
        _connection = connection;
        _insert = new SqliteCommand(InsertSql, connection);
        _insert.Parameters.Add("$project", SqliteType.Text);
        _insert.Parameters.Add("$ref", SqliteType.Text);
        _insert.Parameters.Add("$at", SqliteType.Text);
        _insert.Prepare();
    }

    /// <summary>Opens (creating) <paramref name="path"/> in WAL mode at <c>synchronous=</c><paramref name="synchronous"/>.</summary>
    public static SqliteTriggerWriter Open(string path, string synchronous)
    {
        if (synchronous is not ("FULL" or "NORMAL"))
        {
            throw new ArgumentOutOfRangeException(nameof(synchronous), synchronous, "FULL or NORMAL");
        }
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        Execute(connection, "PRAGMA journal_mode=WAL");
        Execute(connection, $"PRAGMA synchronous={synchronous}"); // one of two constants, checked above
        Execute(connection, CreateSql);
        return new SqliteTriggerWriter(connection);
    }

    /// <summary>
    /// The <c>synchronous</c> setting a connection of this SQLite build has in WAL mode when nobody sets it (the product
    /// sets none): opened as the product opens its files, in a scratch file under <paramref name="folder"/>.
    /// </summary>
    public static string DefaultSynchronousInWal(string folder)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(folder, "synchronous-probe.db"),
            Pooling = false,
        }.ToString());
        connection.Open();
        Execute(connection, "PRAGMA journal_mode=WAL");
        using var read = new SqliteCommand("PRAGMA synchronous", connection);
        return Convert.ToInt32(read.ExecuteScalar(), CultureInfo.InvariantCulture) switch
        {
            0 => "OFF",
            1 => "NORMAL",
            2 => "FULL",
            3 => "EXTRA",
            var other => other.ToString(CultureInfo.InvariantCulture),
        };
    }

    public async Task<long> InsertAsync(string projectId, string reference, CancellationToken ct)
    {
        await _turn.WaitAsync(ct);
        try
        {
            _insert.Parameters[0].Value = projectId;
            _insert.Parameters[1].Value = reference;
            _insert.Parameters[2].Value = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
            return (long)(await _insert.ExecuteScalarAsync(ct) ?? throw new InvalidOperationException("INSERT … RETURNING returned nothing"));
        }
        finally
        {
            _turn.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _insert.DisposeAsync();
        await _connection.DisposeAsync();
        _turn.Dispose();
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = new SqliteCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}

/// <summary>PostgreSQL through a pooled <see cref="NpgsqlDataSource"/>: one INSERT per row, as many at once as connections ask.</summary>
internal sealed class PostgresTriggerWriter(NpgsqlDataSource dataSource) : ITriggerWriter
{
    private const string CreateSql = """
        CREATE TABLE IF NOT EXISTS triggers (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            project_id text NOT NULL,
            ref text NOT NULL,
            created_at timestamptz NOT NULL)
        """;

    private const string InsertSql = "INSERT INTO triggers (project_id, ref, created_at) VALUES ($1, $2, $3) RETURNING id";

    public static async Task<PostgresTriggerWriter> OpenAsync(string connectionString)
    {
        var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var create = dataSource.CreateCommand(CreateSql);
        await create.ExecuteNonQueryAsync();
        return new PostgresTriggerWriter(dataSource);
    }

    public async Task<long> InsertAsync(string projectId, string reference, CancellationToken ct)
    {
        await using var insert = dataSource.CreateCommand(InsertSql);
        insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = projectId });
        insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = reference });
        insert.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = DateTime.UtcNow });
        return (long)(await insert.ExecuteScalarAsync(ct) ?? throw new InvalidOperationException("INSERT … RETURNING returned nothing"));
    }

    public ValueTask DisposeAsync() => dataSource.DisposeAsync();
}

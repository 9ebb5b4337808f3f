using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;
using WvsMesh.ServiceDefaults.Data;
using Xunit;

namespace WvsMesh.Pipelines.Tests.Data;

/// <summary>
/// #14: SQLite connections stay open with their compiled statements, and a connection or a statement is reused only when
/// nothing of its last user's work can reach the next: no open transaction, no reader left open, parameters cleared.
/// </summary>
public sealed class Reusing_compiled_sqlite_statements : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "wvs-prepared-" + Guid.NewGuid().ToString("N"));
    private SqliteDataSource _dataSource = null!; // Set in InitializeAsync.

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        _dataSource = SqliteDataSource.ForFile(Path.Combine(_directory, "test.db"));
        await using var connection = await _dataSource.OpenConnectionAsync(Ct);
        await connection.ExecuteAsync("PRAGMA journal_mode=WAL; CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL)");
    }

    [Fact]
    public async Task The_same_text_on_a_reopened_connection_runs_the_statement_compiled_the_first_time()
    {
        var (first, firstConnection) = await RunAsync("SELECT name FROM items WHERE id = @id", new { id = 1 });
        var (again, againConnection) = await RunAsync("SELECT name FROM items WHERE id = @id", new { id = 2 });
        var (other, _) = await RunAsync("SELECT name FROM items WHERE id = @id + 0", new { id = 2 });

        Assert.Same(firstConnection, againConnection);
        Assert.Same(first, again);
        Assert.NotSame(first, other);
    }

    [Fact]
    public async Task A_reused_statement_binds_only_the_parameters_of_its_new_use()
    {
        await using (var connection = await _dataSource.OpenConnectionAsync(Ct))
        {
            await connection.ExecuteAsync("INSERT INTO items (id, name) VALUES (@id, @name)", new[] { new { id = 1, name = "one" }, new { id = 2, name = "two" } });
        }

        var names = new List<string?>();
        foreach (var id in new[] { 1, 2, 3, 1 })
        {
            await using var connection = await _dataSource.OpenConnectionAsync(Ct);
            names.Add(await connection.QuerySingleOrDefaultAsync<string>("SELECT name FROM items WHERE id = @id", new { id }));
        }

        Assert.Equal(["one", "two", null, "one"], names);
    }

    [Fact]
    public async Task A_connection_handed_back_inside_a_transaction_is_closed_and_its_write_rolled_back()
    {
        PreparedSqliteConnection abandoned;
        await using (var connection = (PooledSqliteConnection)await _dataSource.OpenConnectionAsync(Ct))
        {
            abandoned = connection.Rented;
            var transaction = await connection.BeginTransactionAsync(Ct);
            await connection.ExecuteAsync("INSERT INTO items (id, name) VALUES (1, 'uncommitted')", transaction: transaction);
        }

        await using var next = (PooledSqliteConnection)await _dataSource.OpenConnectionAsync(Ct);
        Assert.NotSame(abandoned, next.Rented);
        Assert.Equal(0, await next.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM items"));
    }

    [Fact]
    public async Task A_reader_left_open_is_ended_with_its_command_and_leaves_no_old_snapshot_behind()
    {
        await using (var connection = await _dataSource.OpenConnectionAsync(Ct))
        {
            await connection.ExecuteAsync("INSERT INTO items (id, name) VALUES (1, 'one'), (2, 'two')");
            var command = connection.CreateCommand();
            command.CommandText = "SELECT name FROM items ORDER BY id";
            var reader = await command.ExecuteReaderAsync(Ct);
            Assert.True(await reader.ReadAsync(Ct));
            await command.DisposeAsync();
            Assert.True(reader.IsClosed);
        }
        await using (var writer = await _dataSource.OpenConnectionAsync(Ct))
        {
            // Another connection is busy meanwhile, so the writer is not the one just handed back.
            await using var busy = await _dataSource.OpenConnectionAsync(Ct);
            await writer.ExecuteAsync("INSERT INTO items (id, name) VALUES (3, 'three')");
        }

        await using var reading = await _dataSource.OpenConnectionAsync(Ct);
        Assert.Equal(["one", "two", "three"], await reading.QueryAsync<string>("SELECT name FROM items ORDER BY id"));
    }

    [Fact]
    public async Task A_command_never_disposed_keeps_its_connection_from_being_reused()
    {
        PreparedSqliteConnection used;
        await using (var connection = (PooledSqliteConnection)await _dataSource.OpenConnectionAsync(Ct))
        {
            used = connection.Rented;
            var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            Assert.Equal(1L, await command.ExecuteScalarAsync(Ct));
        }

        await using var next = (PooledSqliteConnection)await _dataSource.OpenConnectionAsync(Ct);
        Assert.NotSame(used, next.Rented);
    }

    [Fact]
    public async Task Commits_leave_the_checkpoint_to_the_background_and_it_moves_every_committed_page()
    {
        for (var i = 0; i < 50; i++)
        {
            await using var connection = await _dataSource.OpenConnectionAsync(Ct);
            Assert.Equal(SqliteDataSource.BackstopCheckpointPages, await connection.ExecuteScalarAsync<long>("PRAGMA wal_autocheckpoint"));
            await connection.ExecuteAsync("INSERT INTO items (name) VALUES (@name)", new { name = new string('x', 2000) });
        }

        var (walPages, checkpointed) = await _dataSource.CheckpointAsync(Ct);

        Assert.True(walPages >= 50, $"{walPages} pages in the WAL");
        Assert.Equal(walPages, checkpointed);
    }

    /// <summary>Runs <paramref name="sql"/> on a connection of its own; the compiled command it ran and the connection.</summary>
    private async Task<(SqliteCommand Command, PreparedSqliteConnection Connection)> RunAsync(string sql, object parameters)
    {
        await using var connection = (PooledSqliteConnection)await _dataSource.OpenConnectionAsync(Ct);
        await connection.QueryAsync<string>(sql, parameters);
        var rented = connection.Rented;
        var command = rented.Rent(sql);
        rented.Release(command, reusable: true);
        return (command, rented);
    }

    public async ValueTask DisposeAsync()
    {
        await _dataSource.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}

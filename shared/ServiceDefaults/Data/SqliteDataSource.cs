using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace WvsMesh.ServiceDefaults.Data;

/// <summary>
/// A <see cref="DbDataSource"/> over one SQLite file, so stores take the same <see cref="DbDataSource"/> in both modes.
/// Connections stay open with the statements compiled on them (<see cref="PreparedSqliteConnections"/>).
/// </summary>
internal sealed class SqliteDataSource : DbDataSource
{
    public SqliteDataSource(string connectionString)
    {
        ConnectionString = connectionString;
        Connections = new PreparedSqliteConnections(connectionString);
        GroupCommit = new GroupCommit(this);
    }

    /// <summary>
    /// WAL pages after which a commit checkpoints by itself (SQLite's default is 1,000), which stalls every write queued
    /// behind it; <see cref="CheckpointAsync"/> normally keeps the WAL far below this.
    /// </summary>
    internal const int BackstopCheckpointPages = 20_000;

    public override string ConnectionString { get; }

    /// <summary>
    /// Copies committed pages from the WAL into the database file without waiting for readers or writers (a PASSIVE
    /// checkpoint), on a connection of its own, so no commit pays for it; <see cref="SqliteCheckpoints"/> calls it.
    /// </summary>
    public async Task<(int WalPages, int Checkpointed)> CheckpointAsync(CancellationToken ct)
    {
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? (reader.GetInt32(1), reader.GetInt32(2)) : (0, 0);
    }

    /// <summary>Writes queued at the same moment, committed together in the writer's turn (<see cref="WriterTurns.WriteAsync{T}"/>).</summary>
    public GroupCommit GroupCommit { get; }

    /// <summary>Open connections with their compiled statements, reused by every store of this file.</summary>
    private PreparedSqliteConnections Connections { get; }

    protected override DbConnection CreateDbConnection() => new PooledSqliteConnection(Connections, ConnectionString);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            GroupCommit.Dispose();
            Connections.Dispose();
        }
        base.Dispose(disposing);
    }

    public static SqliteDataSource ForFile(string path) => new(new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Cache = SqliteCacheMode.Private,
        Pooling = true,
        ForeignKeys = true,
        // Writers wait for each other rather than failing with SQLITE_BUSY.
        DefaultTimeout = 30,
    }.ToString());
}

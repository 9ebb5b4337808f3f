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

    public override string ConnectionString { get; }

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

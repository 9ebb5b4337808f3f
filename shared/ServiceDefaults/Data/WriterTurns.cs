using System.Data.Common;

namespace WvsMesh.ServiceDefaults.Data;

/// <summary>
/// SQLite takes one writer at a time per file, and a second writer that finds the file locked is put to sleep by
/// Microsoft.Data.Sqlite's busy retry (150 ms a try) — under load most of a trigger's time (#14). A store hands a write
/// transaction to <see cref="WriteAsync{T}"/>: in SQLite, writers queue without sleeping and the writes queued at the
/// same moment share one transaction (<see cref="GroupCommit"/>: one fsync for all). PostgreSQL locks rows itself, and
/// each write is its own transaction.
/// </summary>
public static class WriterTurns
{
    /// <summary>
    /// Runs <paramref name="write"/> in a transaction and returns its result once that transaction has committed. In SQLite
    /// the write may share its transaction with others queued beside it, each inside its own savepoint: a write that throws
    /// is rolled back alone and its exception reaches its caller; a commit that fails fails them all.
    /// </summary>
    public static async Task<T> WriteAsync<T>(this DbDataSource dataSource, Func<DbConnection, DbTransaction, CancellationToken, Task<T>> write, CancellationToken ct)
    {
        if (dataSource is SqliteDataSource sqlite)
        {
            return await sqlite.GroupCommit.WriteAsync(write, ct);
        }
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var result = await write(connection, transaction, ct);
        await transaction.CommitAsync(ct);
        return result;
    }
}

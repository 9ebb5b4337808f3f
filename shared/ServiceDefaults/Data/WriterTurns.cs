using System.Data.Common;

namespace WvsMesh.ServiceDefaults.Data;

/// <summary>
/// SQLite takes one writer at a time per file, and a second writer that finds the file locked is put to sleep by
/// Microsoft.Data.Sqlite's busy retry (150 ms a try) — under load most of a trigger's time (#14). A store takes its
/// database's writer turn around a write transaction: in SQLite writers then queue on a <see cref="SemaphoreSlim"/> without
/// sleeping; PostgreSQL locks rows itself, and the turn is free.
/// </summary>
public static class WriterTurns
{
    /// <summary>Waits for the writer turn of <paramref name="dataSource"/>'s database; dispose to give it back.</summary>
    public static async ValueTask<WriterTurn> TakeWriterTurnAsync(this DbDataSource dataSource, CancellationToken ct)
    {
        if (dataSource is not SqliteDataSource sqlite)
        {
            return default;
        }
        await sqlite.Writer.WaitAsync(ct);
        return new WriterTurn(sqlite.Writer);
    }
}

/// <summary>A held writer turn (<see cref="WriterTurns"/>); the default value holds nothing.</summary>
public readonly struct WriterTurn(SemaphoreSlim? writer) : IDisposable
{
    public void Dispose() => writer?.Release();
}

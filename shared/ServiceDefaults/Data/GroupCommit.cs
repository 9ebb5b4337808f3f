using System.Collections.Concurrent;
using System.Data.Common;

namespace WvsMesh.ServiceDefaults.Data;

/// <summary>
/// Group commit for one SQLite file, without a thread of its own: a write is queued, then its caller waits for the
/// writer's turn; whoever gets the turn commits every write queued by then (up to <see cref="MostPerTransaction"/>) in one
/// transaction, each in a savepoint, and hands each its own result or exception once the transaction has committed. At
/// <c>synchronous=FULL</c> that is one fsync for all of them instead of one each, and a write that arrives while another
/// commits simply joins the next transaction.
/// </summary>
internal sealed class GroupCommit(SqliteDataSource dataSource) : IDisposable
{
    /// <summary>Bounds one transaction, so a long queue is committed in several steps and nobody waits for all of it.</summary>
    internal const int MostPerTransaction = 64;

    private readonly ConcurrentQueue<QueuedWrite> _queue = new();

    /// <summary>The file's one writer at a time: writers queue here without sleeping on SQLite's busy retry (150 ms a try).</summary>
    private readonly SemaphoreSlim _writer = new(1, 1);

    public void Dispose() => _writer.Dispose();

    public async Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, CancellationToken, Task<T>> write, CancellationToken ct)
    {
        var queued = new QueuedWrite<T>(write, ct);
        _queue.Enqueue(queued);
        while (!queued.Result.IsCompleted)
        {
            try
            {
                await _writer.WaitAsync(ct);
            }
            catch (OperationCanceledException) when (queued.TryWithdraw())
            {
                throw;
            }
            catch (OperationCanceledException)
            {
                // Already taken into a transaction: its outcome is on its way and must not be lost.
                return await queued.Result;
            }
            try
            {
                if (!queued.Result.IsCompleted)
                {
                    await CommitQueuedAsync();
                }
            }
            finally
            {
                _writer.Release();
            }
        }
        return await queued.Result;
    }

    private async Task CommitQueuedAsync()
    {
        var batch = new List<QueuedWrite>(Math.Min(_queue.Count, MostPerTransaction));
        while (batch.Count < MostPerTransaction && _queue.TryDequeue(out var next))
        {
            if (next.TryTake())
            {
                batch.Add(next);
            }
        }
        if (batch.Count == 0)
        {
            return;
        }
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(CancellationToken.None);
            await using var transaction = await connection.BeginTransactionAsync(CancellationToken.None);
            foreach (var write in batch)
            {
                await transaction.SaveAsync("w");
                if (!await write.RunAsync(connection, transaction))
                {
                    await transaction.RollbackAsync("w");
                }
                await transaction.ReleaseAsync("w");
            }
            if (batch.Exists(write => write.Succeeded))
            {
                await transaction.CommitAsync(CancellationToken.None);
            }
        }
#pragma warning disable CA1031 // Whatever ends the transaction, every write in it must learn so, or its caller waits for good.
        catch (Exception e)
#pragma warning restore CA1031
        {
            foreach (var write in batch)
            {
                write.Fail(e);
            }
            return;
        }
        foreach (var write in batch)
        {
            write.Publish();
        }
    }
}

/// <summary>A write waiting in <see cref="GroupCommit"/>'s queue; its state moves from queued to taken or withdrawn once.</summary>
internal abstract class QueuedWrite
{
    private const int Queued = 0;
    private const int Taken = 1;
    private const int Withdrawn = 2;
    private int _state;

    /// <summary>Whether the write ran without throwing; only then is its result published.</summary>
    public abstract bool Succeeded { get; }

    /// <summary>A committer claims the write.</summary>
    public bool TryTake() => Interlocked.CompareExchange(ref _state, Taken, Queued) == Queued;

    /// <summary>The caller gave up before any committer claimed it.</summary>
    public bool TryWithdraw() => Interlocked.CompareExchange(ref _state, Withdrawn, Queued) == Queued;

    /// <summary>Runs the write; false when it threw (its exception is kept for its caller, the others go on).</summary>
    public abstract Task<bool> RunAsync(DbConnection connection, DbTransaction transaction);

    /// <summary>After the commit: the result, or the write's own exception.</summary>
    public abstract void Publish();

    /// <summary>The transaction itself failed: nothing of it was written.</summary>
    public abstract void Fail(Exception exception);
}

internal sealed class QueuedWrite<T>(Func<DbConnection, DbTransaction, CancellationToken, Task<T>> write, CancellationToken ct) : QueuedWrite
{
    private readonly TaskCompletionSource<T> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private T? _value;
    private Exception? _error;
    private bool _ran;

    public override bool Succeeded => _ran && _error is null;

    public Task<T> Result => _result.Task;

    public override async Task<bool> RunAsync(DbConnection connection, DbTransaction transaction)
    {
        try
        {
            _value = await write(connection, transaction, ct);
        }
#pragma warning disable CA1031 // The write's exception belongs to its caller, who gets it from Publish.
        catch (Exception e)
#pragma warning restore CA1031
        {
            _error = e;
        }
        _ran = true;
        return Succeeded;
    }

    public override void Publish()
    {
        if (_error is null)
        {
            _result.TrySetResult(_value!);
        }
        else
        {
            _result.TrySetException(_error);
        }
    }

    public override void Fail(Exception exception) => _result.TrySetException(_error ?? exception);
}

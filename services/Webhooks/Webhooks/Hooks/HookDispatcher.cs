using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace WvsMesh.Webhooks.Hooks;

/// <summary>Lets whoever queues an event have it sent now rather than at the dispatcher's next round.</summary>
internal sealed class HookDispatchSignal : IDisposable
{
    private readonly SemaphoreSlim _wake = new(0, 1);

    public void Wake()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already awake: one round sends everything due.
        }
    }

    /// <summary>Waits for a wake-up or <paramref name="interval"/>, whichever comes first.</summary>
    public Task WaitAsync(TimeSpan interval, CancellationToken ct) => _wake.WaitAsync(interval, ct);

    public void Dispose() => _wake.Dispose();
}

/// <summary>
/// Sends due hook events every <see cref="WebhooksOptions.DispatchInterval"/> (sooner when woken). Every replica runs
/// one; each event attempt is claimed in the database first, so no two replicas send the same attempt.
/// </summary>
internal sealed class HookDispatcher(
    HookEventStore events, HookDelivery delivery, HookDispatchSignal signal, IOptions<WebhooksOptions> options, TimeProvider clock,
    ILogger<HookDispatcher> logger) : BackgroundService
{
    private const int BatchSize = 32;

    /// <summary>Slow receivers do not hold up the others, up to this many at once.</summary>
    private const int Parallelism = 4;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.DispatchInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await DispatchDueAsync(stoppingToken);
            }
            catch (Exception e) when (e is System.Data.Common.DbException or TimeoutException or InvalidOperationException)
            {
                ProjectHooksLog.DispatchFailed(logger, interval, e);
            }
            try
            {
                await signal.WaitAsync(interval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>Attempts every event that is due now.</summary>
    public async Task DispatchDueAsync(CancellationToken ct)
    {
        while (true)
        {
            var due = await events.ListDueAsync(clock.GetUtcNow(), BatchSize, ct);
            await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct },
                async (id, token) =>
                {
                    try
                    {
                        await delivery.TryAttemptAsync(id, token);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        // One event that cannot be sent (its claim then lapses, and it is tried again) stops no other.
                        ProjectHooksLog.AttemptFailed(logger, id, e);
                    }
                });
            if (due.Count < BatchSize)
            {
                return;
            }
        }
    }
}

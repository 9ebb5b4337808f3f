namespace WvsMesh.Pipelines.Execution;

/// <summary>
/// Wakes runners' long polls in this replica when jobs become pending here; other replicas' jobs are found by polling.
/// </summary>
internal sealed class JobQueueSignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Notify() => Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>Returns when jobs were queued here, or after <paramref name="timeout"/>.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken ct)
    {
        try
        {
            await Volatile.Read(ref _next).Task.WaitAsync(timeout, ct);
        }
        catch (TimeoutException)
        {
            // Time to look at the database again.
        }
    }
}

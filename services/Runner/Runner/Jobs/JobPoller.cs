using WvsMesh.Runner.Api;

namespace WvsMesh.Runner.Jobs;

/// <summary>
/// Asks the server for a job whenever a slot is free — one request at a time, so a long-polled request never
/// holds a job no slot could take — and runs each job on its own task until <c>stopping</c> fires.
/// </summary>
internal sealed class JobPoller(RunnerApi api, JobExecutor executor, RunnerLog log, int concurrency)
{
    private static readonly TimeSpan ForbiddenPause = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(10);

    public async Task RunAsync(CancellationToken stopping)
    {
        using var slots = new SemaphoreSlim(concurrency, concurrency);
        var running = new List<Task>();
        var failures = 0;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await slots.WaitAsync(stopping);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            JobRequestAnswer answer;
            try
            {
                answer = await api.RequestJobAsync(stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                slots.Release();
                break;
            }

            if (answer.Job is { } job)
            {
                failures = 0;
                running.RemoveAll(task => task.IsCompleted);
                running.Add(RunJobAsync(job, slots, stopping));
                continue;
            }
            slots.Release();
            if (answer.IsForbidden)
            {
                log.TokenRejected(ForbiddenPause);
                await PauseAsync(ForbiddenPause, stopping);
            }
            else if (answer.Problem is { } problem)
            {
                var backoff = TimeSpan.FromSeconds(Math.Min(MaxBackoff.TotalSeconds, Math.Pow(2, failures++)));
                log.RequestFailed(problem, backoff);
                await PauseAsync(backoff, stopping);
            }
            else
            {
                // 204: the server already waited for a job on our behalf; ask again at once.
                failures = 0;
            }
        }

        running.RemoveAll(task => task.IsCompleted);
        log.Stopping(running.Count);
        await Task.WhenAll(running);
        log.Stopped();
    }

    private async Task RunJobAsync(JobPayload job, SemaphoreSlim slots, CancellationToken stopping)
    {
        // Off the polling loop at once: the loop goes on asking while this job runs.
        await Task.Yield();
        try
        {
            await executor.RunAsync(job, stopping);
        }
        catch (Exception e)
        {
            // One broken job must not take the runner (and the other running jobs) down with it.
            log.JobCrashed(job.Id, e.GetType().Name);
        }
        finally
        {
            slots.Release();
        }
    }

    private static async Task PauseAsync(TimeSpan pause, CancellationToken stopping)
    {
        try
        {
            await Task.Delay(pause, stopping);
        }
        catch (OperationCanceledException)
        {
            // Stopping; the loop ends.
        }
    }
}

using WvsMesh.Runner.Api;

namespace WvsMesh.Runner.Trace;

/// <summary>
/// Sends a job's log to the server about once a second while the job runs, and everything left when it ends.
/// A 416 moves the next chunk to where the server says its bytes end; a 403 means the job is gone.
/// </summary>
internal sealed class TraceUploader(RunnerApi api, long jobId, string jobToken, JobTrace trace, Action jobGone) : IAsyncDisposable
{
    private const int MaxChunk = 256 * 1024;
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;

    private volatile bool _jobGone;

    public void Start() => _loop = LoopAsync();

    /// <summary>Stops the periodic sending, letting a chunk already on its way finish.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _loop;
    }

    /// <summary>Sends everything not yet accepted, retrying a few times; true when the server holds the whole log.</summary>
    public async Task<bool> FlushAsync(CancellationToken ct)
    {
        for (var attempt = 0; attempt < 5 && !_jobGone; attempt++)
        {
            if (attempt > 0)
            {
                await Task.Delay(TimeSpan.FromSeconds(attempt), ct);
            }
            if (await SendPendingAsync(ct))
            {
                return true;
            }
        }
        return false;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }

    private async Task LoopAsync()
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token) && !_jobGone)
            {
                await SendPendingAsync(CancellationToken.None);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped; the final flush follows.
        }
    }

    private async Task<bool> SendPendingAsync(CancellationToken ct)
    {
        var mismatches = 0;
        while (trace.NextChunk(MaxChunk) is { } chunk)
        {
            var answer = await api.PatchTraceAsync(jobId, jobToken, chunk, ct);
            switch (answer.Answer)
            {
                // A server that keeps moving us without taking bytes is not worth a busy loop; try again next tick.
                case ServerAnswer.Accepted or ServerAnswer.RangeMismatch when answer.Accepted > chunk.Start || ++mismatches <= 3:
                    trace.Acknowledge(answer.Accepted ?? chunk.Start + chunk.Bytes.Length);
                    break;
                case ServerAnswer.JobGone:
                    _jobGone = true;
                    jobGone();
                    return false;
                default:
                    return false;
            }
        }
        return true;
    }
}

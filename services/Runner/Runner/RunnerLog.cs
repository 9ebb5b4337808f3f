using System.Globalization;

namespace WvsMesh.Runner;

/// <summary>
/// The runner's own console lines: one per job start and end, plus connection trouble. Tokens, variable values and
/// job output are never parameters here — the job log goes to the server, not to this console.
/// </summary>
internal sealed class RunnerLog(TextWriter output)
{
    private readonly Lock _lock = new();

    public void Started(Uri server, int concurrency, string buildsDir) =>
        Write($"wvs-runner {RunnerProgram.Version} asking {server.GetLeftPart(UriPartial.Authority)} for jobs, {concurrency} at a time, building in {buildsDir}");

    public void JobStarted(long jobId, long projectId) => Write($"job {jobId} (project {projectId}) started");

    public void JobFinished(long jobId, long projectId, string result, TimeSpan duration) =>
        Write($"job {jobId} (project {projectId}) {result} after {duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s");

    public void JobCrashed(long jobId, string exceptionType) => Write($"ERROR: job {jobId} stopped by an unexpected {exceptionType}");

    public void TokenRejected(TimeSpan retryIn) =>
        Write($"ERROR: the server refused the runner token (403 Forbidden); asking again in {retryIn.TotalSeconds:0} s");

    public void RequestFailed(string problem, TimeSpan retryIn) =>
        Write($"WARNING: asking for a job failed ({problem}); asking again in {retryIn.TotalSeconds:0.#} s");

    public void Stopping(int running) => Write($"stopping: no more jobs are requested; failing {running} running job(s)");

    public void Stopped() => Write("stopped");

    private void Write(string line)
    {
        var stamped = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture) + " " + line;
        lock (_lock)
        {
            output.WriteLine(stamped);
            output.Flush();
        }
    }
}

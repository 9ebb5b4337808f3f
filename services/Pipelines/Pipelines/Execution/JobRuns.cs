using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WvsMesh.Contracts.Pipelines;
using WvsMesh.Contracts.Tokens;
using WvsMesh.Pipelines.Data;
using WvsMesh.ServiceDefaults;
using WvsMesh.ServiceDefaults.Security;

namespace WvsMesh.Pipelines.Execution;

/// <summary>What became of a runner's report on a job.</summary>
internal enum JobReport
{
    Accepted,

    /// <summary>The job token is unknown, or the job is not running (GitLab: 403).</summary>
    Forbidden,
}

/// <summary>
/// The runner side of jobs: hands pending jobs to runners (long poll), takes their status and log, and moves pipelines on.
/// A job's <c>CI_JOB_TOKEN</c> is made here, stored as a digest, and registered with Tokens before the runner sees it.
/// </summary>
internal sealed class JobRuns(
    RunnerStore runners,
    JobRunStore runs,
    JobStore jobs,
    PipelineStore pipelines,
    JobPayloadBuilder payloads,
    JobQueueSignal signal,
    IRequestClient<JobTokenRegistrationRequested> tokens,
    IPublishEndpoint bus,
    IOptions<PipelinesOptions> options,
    IOptions<WvsOptions> wvs,
    TimeProvider clock,
    ILogger<JobRuns> logger)
{
    public const string JobTokenPrefix = "wvscbt-";

    /// <summary>The runner behind a runner token, marked as contacted now; or null.</summary>
    public Task<Runner?> RunnerAsync(string runnerToken, CancellationToken ct) => runners.ContactAsync(TokenDigest.Of(runnerToken), clock.GetUtcNow(), ct);

    /// <summary>The next pending job for <paramref name="runner"/>, waiting up to <see cref="PipelinesOptions.JobRequestWait"/>; null when none came.</summary>
    public async Task<JobPayload?> RequestAsync(Runner runner, CancellationToken ct)
    {
        var deadline = clock.GetUtcNow() + options.Value.JobRequestWait;
        while (true)
        {
            var token = SecretTokens.New(JobTokenPrefix);
            if (await runs.ClaimAsync(runner.Id, TokenDigest.Of(token), clock.GetUtcNow(), ct) is { } job)
            {
                if (await StartAsync(runner, job, token, ct) is { } payload)
                {
                    return payload;
                }
                continue;
            }
            var left = deadline - clock.GetUtcNow();
            if (left <= TimeSpan.Zero)
            {
                return null;
            }
            await signal.WaitAsync(left < TimeSpan.FromSeconds(1) ? left : TimeSpan.FromSeconds(1), ct);
        }
    }

    /// <summary>Takes a runner's <c>PUT /jobs/:id</c>: <c>running</c> (a heartbeat), or the end, <c>success</c> or <c>failed</c>.</summary>
    public async Task<JobReport> UpdateAsync(long jobId, string jobToken, string state, string? failureReason, CancellationToken ct)
    {
        var job = await runs.FindByTokenAsync(TokenDigest.Of(jobToken), ct);
        if (job is null || job.Id != jobId || job.Status != "running")
        {
            return JobReport.Forbidden;
        }
        if (state is not ("success" or "failed" or "canceled"))
        {
            return JobReport.Accepted;
        }
        if (!await runs.FinishAsync(job.Id, state, state == "failed" ? failureReason ?? "script_failure" : null, clock.GetUtcNow(), ct))
        {
            return JobReport.Forbidden;
        }
        // The job token stops working now (Tokens hears of it), then the next stage may start.
        await bus.Publish(new JobFinished(job.Id, job.PipelineId, job.ProjectId, state), ct);
        var pipelineStatus = await ProgressAsync(job.ProjectId, job.PipelineId, ct);
        PipelinesLog.JobFinished(logger, job.Id, job.PipelineId, state, pipelineStatus);
        return JobReport.Accepted;
    }

    /// <summary>Appends to a running job's log at byte <paramref name="start"/> (null: at its end), and says the log's length after.</summary>
    public async Task<(JobReport Report, bool Appended, long Length)> AppendTraceAsync(long jobId, string jobToken, long? start, byte[] data, CancellationToken ct)
    {
        var job = await runs.FindByTokenAsync(TokenDigest.Of(jobToken), ct);
        if (job is null || job.Id != jobId || job.Status != "running")
        {
            return (JobReport.Forbidden, false, 0);
        }
        var (appended, length) = await runs.AppendTraceAsync(job.Id, start, data, ct);
        return (JobReport.Accepted, appended, length);
    }

    private async Task<JobPayload?> StartAsync(Runner runner, JobRecord job, string token, CancellationToken ct)
    {
        var digest = TokenDigest.Of(token);
        var pipeline = await pipelines.FindAsync(job.ProjectId, job.PipelineId, ct);
        var payload = pipeline is null ? null : await payloads.BuildAsync(job, pipeline, token, runner.Id, ct);
        if (pipeline is null || payload is null)
        {
            // A pipeline from before runners existed has no repository to fetch: it cannot run.
            await runs.FinishAsync(job.Id, "failed", "runner_system_failure", clock.GetUtcNow(), ct);
            await ProgressAsync(job.ProjectId, job.PipelineId, ct);
            return null;
        }
        try
        {
            await tokens.GetResponse<JobTokenRegistered>(new JobTokenRegistrationRequested
            {
                TokenDigest = digest,
                JobId = job.Id,
                PipelineId = job.PipelineId,
                ProjectId = job.ProjectId,
                UserId = pipeline.UserId,
            }, ct);
        }
        catch (Exception e) when (e is RequestTimeoutException or RequestFaultException)
        {
            PipelinesLog.JobRequeued(logger, job.Id, e);
            await runs.RequeueAsync(job.Id, ct);
            throw;
        }
        await ProgressAsync(job.ProjectId, job.PipelineId, ct);
        PipelinesLog.JobTaken(logger, runner.Id, job.Id, job.PipelineId);
        return payload;
    }

    /// <summary>
    /// Moves the pipeline on, waking the runners waiting here (a next stage may be pending now); a change of its status
    /// is news (project hooks send pipeline events).
    /// </summary>
    private async Task<string> ProgressAsync(long projectId, long pipelineId, CancellationToken ct)
    {
        var (status, changed) = await runs.ProgressAsync(pipelineId, clock.GetUtcNow(), ct);
        signal.Notify();
        if (changed && await pipelines.FindAsync(projectId, pipelineId, ct) is { } pipeline)
        {
            await bus.Publish(new PipelineStatusChanged(pipeline.ToSnapshot(wvs.Value.ExternalUrl))
            {
                ProjectPath = pipeline.ProjectPath,
                ProjectName = pipeline.ProjectName,
                DefaultBranch = pipeline.DefaultBranch,
                Jobs = await jobs.SnapshotsAsync(projectId, pipelineId, ct),
            }, ct);
        }
        return status;
    }
}

using System.Diagnostics;
using WvsMesh.Runner.Api;
using WvsMesh.Runner.Trace;

namespace WvsMesh.Runner.Jobs;

/// <summary>
/// Runs one job from start to final state: reports it running, checks out the commit into a fresh folder, runs the
/// steps, streams the masked log, removes the folders, sends the last of the log and then the final state.
/// </summary>
internal sealed class JobExecutor(RunnerApi api, RunnerSettings settings, IReadOnlyDictionary<string, string> runnerEnvironment, RunnerLog log)
{
    private const int DefaultTimeoutSeconds = 3600;

    // GitLab Runner's RUNNER_AFTER_SCRIPT_TIMEOUT default.
    private static readonly TimeSpan AfterScriptTimeout = TimeSpan.FromMinutes(5);

    public async Task RunAsync(JobPayload job, CancellationToken stopping)
    {
        var started = Stopwatch.GetTimestamp();
        var projectId = job.JobInfo?.ProjectId ?? 0;
        var jobToken = job.Token ?? "";
        log.JobStarted(job.Id, projectId);

        var trace = new JobTrace(new TraceMasker(Secrets(job)));
        using var gone = new CancellationTokenSource();
        await using var uploader = new TraceUploader(api, job.Id, jobToken, trace, gone.Cancel);
        // Not tied to `stopping`: a job handed out during shutdown must still be answered, as failed.
        if (await api.UpdateJobAsync(job.Id, jobToken, JobState.Running, CancellationToken.None) == ServerAnswer.JobGone)
        {
            log.JobFinished(job.Id, projectId, "abandoned (the server no longer runs it)", Stopwatch.GetElapsedTime(started));
            return;
        }
        uploader.Start();

        var (state, message) = await ExecuteAsync(job, trace, stopping, gone.Token);
        trace.WriteLine(message);
        trace.Complete();
        await uploader.StopAsync();
        if (!gone.IsCancellationRequested)
        {
            // GitLab wants the whole trace before the final state.
            await uploader.FlushAsync(CancellationToken.None);
        }
        if (gone.IsCancellationRequested || await FinishAsync(job.Id, jobToken, state) == ServerAnswer.JobGone)
        {
            log.JobFinished(job.Id, projectId, "abandoned (the server no longer runs it)", Stopwatch.GetElapsedTime(started));
            return;
        }
        log.JobFinished(job.Id, projectId, Describe(state), Stopwatch.GetElapsedTime(started));
    }

    private async Task<(JobState State, string Message)> ExecuteAsync(JobPayload job, JobTrace trace, CancellationToken stopping, CancellationToken gone)
    {
        trace.WriteLine($"Running with wvs-runner {RunnerProgram.Version} (shell executor)");
        trace.WriteLine("Preparing the \"shell\" executor");
        trace.WriteLine($"Using Shell (bash) executor...");
        trace.WriteLine($"Running on {Environment.MachineName}...");

        JobWorkspace workspace;
        try
        {
            workspace = JobWorkspace.Create(settings.BuildsDir, job.Id);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (JobState.SystemFailure, $"ERROR: Job failed (system failure): could not create the build folder ({e.GetType().Name})");
        }

        try
        {
            return await ExecuteInAsync(workspace, job, trace, stopping, gone);
        }
        finally
        {
            trace.WriteLine("Cleaning up project directory and file based variables");
            foreach (var problem in workspace.Remove(settings.KeepBuilds))
            {
                trace.WriteLine("WARNING: " + problem);
            }
        }
    }

    private async Task<(JobState State, string Message)> ExecuteInAsync(
        JobWorkspace workspace, JobPayload job, JobTrace trace, CancellationToken stopping, CancellationToken gone)
    {
        var timeoutSeconds = job.RunnerInfo?.Timeout is > 0 and var seconds ? seconds : DefaultTimeoutSeconds;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds));
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(stopping, gone, timeout.Token);
        var steps = job.Steps ?? [];
        Dictionary<string, string> environment;
        try
        {
            environment = JobEnvironment.Build(runnerEnvironment, job, workspace.ProjectDir, workspace.BuildsDir, workspace.WriteVariableFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (JobState.SystemFailure, $"ERROR: Job failed (system failure): could not write file variables ({e.GetType().Name})");
        }

        (JobState State, string Message) outcome = (JobState.Success, "Job succeeded");
        try
        {
            trace.WriteLine("Getting source from Git repository");
            if (await GitCheckout.RunAsync(job.GitInfo, workspace.ProjectDir, environment, trace, cancel.Token) is { } problem)
            {
                return (JobState.SystemFailure, "ERROR: Job failed (system failure): " + problem);
            }
            for (var i = 0; i < steps.Count; i++)
            {
                if (steps[i].Name == "after_script" || !ShouldRun(steps[i], outcome.State))
                {
                    continue;
                }
                trace.WriteLine($"Executing \"step_{steps[i].Name}\" stage of the job script");
                var exitCode = await RunStepAsync(workspace, i, steps[i], environment, trace, cancel.Token);
                if (exitCode != 0)
                {
                    outcome = (JobState.ScriptFailure(exitCode), $"ERROR: Job failed: exit code {exitCode}");
                }
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            if (stopping.IsCancellationRequested || gone.IsCancellationRequested)
            {
                return (JobState.SystemFailure, "ERROR: Job failed (system failure): aborted: the runner is stopping");
            }
            outcome = (JobState.Timeout, $"ERROR: Job failed: execution took longer than {timeoutSeconds} seconds");
        }

        // Like GitLab, after_script also runs after a failure or a timeout, in its own shell with its own time limit.
        for (var i = 0; i < steps.Count; i++)
        {
            if (steps[i].Name == "after_script" && ShouldRun(steps[i], outcome.State))
            {
                await RunAfterScriptAsync(workspace, i, steps[i], environment, trace, stopping, gone);
            }
        }
        return stopping.IsCancellationRequested
            ? (JobState.SystemFailure, "ERROR: Job failed (system failure): aborted: the runner is stopping")
            : outcome;
    }

    private static async Task RunAfterScriptAsync(
        JobWorkspace workspace, int index, JobStep step, Dictionary<string, string> environment, JobTrace trace,
        CancellationToken stopping, CancellationToken gone)
    {
        using var timeout = new CancellationTokenSource(AfterScriptTimeout);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(stopping, gone, timeout.Token);
        trace.WriteLine("Running after_script");
        try
        {
            var exitCode = await RunStepAsync(workspace, index, step, environment, trace, cancel.Token);
            if (exitCode != 0)
            {
                trace.WriteLine($"WARNING: after_script failed, but job will continue unaffected: exit code {exitCode}");
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            trace.WriteLine("WARNING: after_script failed, but job will continue unaffected: it was stopped");
        }
    }

    private static async Task<int> RunStepAsync(
        JobWorkspace workspace, int index, JobStep step, Dictionary<string, string> environment, JobTrace trace, CancellationToken ct)
    {
        var script = workspace.WriteScript($"step-{index}", StepScript.Build(step.Script ?? []));
        return await ShellProcess.RunAsync("bash", ["--noprofile", "--norc", script], workspace.ProjectDir, environment, trace, ct);
    }

    private static bool ShouldRun(JobStep step, JobState state) => step.When switch
    {
        "always" => true,
        "on_failure" => state != JobState.Success,
        _ => state == JobState.Success,
    };

    private async Task<ServerAnswer> FinishAsync(long jobId, string jobToken, JobState state)
    {
        var answer = ServerAnswer.Failed;
        for (var attempt = 0; attempt < 5; attempt++)
        {
            if (attempt > 0)
            {
                await Task.Delay(TimeSpan.FromSeconds(1 << (attempt - 1)), CancellationToken.None);
            }
            answer = await api.UpdateJobAsync(jobId, jobToken, state, CancellationToken.None);
            if (answer != ServerAnswer.Failed)
            {
                break;
            }
        }
        return answer;
    }

    private IEnumerable<string?> Secrets(JobPayload job) =>
        (job.Variables ?? []).Where(variable => variable.Masked).Select(variable => variable.Value)
            .Append(job.Token)
            .Append(settings.Token);

    private static string Describe(JobState state) => state.FailureReason switch
    {
        null => state.Name,
        _ when state.ExitCode is { } exitCode => $"{state.Name} ({state.FailureReason}, exit code {exitCode})",
        _ => $"{state.Name} ({state.FailureReason})",
    };
}

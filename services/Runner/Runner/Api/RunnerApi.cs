using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using WvsMesh.Runner.Trace;

namespace WvsMesh.Runner.Api;

/// <summary>The three calls of GitLab's runner API the runner makes; every answer becomes a value, never an exception.</summary>
internal sealed class RunnerApi(HttpClient http, Uri server, string runnerToken)
{
    // The server holds a job request open for up to ~20 s; give it room before calling the request failed.
    private static readonly TimeSpan RequestJobTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan UpdateTimeout = TimeSpan.FromSeconds(30);

    private readonly Uri _base = new(server.AbsoluteUri.EndsWith('/') ? server.AbsoluteUri : server.AbsoluteUri + "/");

    public async Task<JobRequestAnswer> RequestJobAsync(CancellationToken ct)
    {
        var body = new
        {
            token = runnerToken,
            info = new
            {
                name = "wvs-runner",
                version = RunnerProgram.Version,
                executor = "shell",
                shell = "bash",
                features = new { masking = true, trace_checksum = false },
            },
        };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(RequestJobTimeout);
        try
        {
            using var response = await http.PostAsJsonAsync(new Uri(_base, "api/v4/jobs/request"), body, RunnerJson.Options, timeout.Token);
            switch (response.StatusCode)
            {
                case HttpStatusCode.Created:
                    var job = await response.Content.ReadFromJsonAsync<JobPayload>(RunnerJson.Options, timeout.Token);
                    return job is { Id: > 0, Token.Length: > 0 }
                        ? JobRequestAnswer.Received(job)
                        : JobRequestAnswer.Failed("the server answered 201 without a job id and token");
                case HttpStatusCode.NoContent:
                    return JobRequestAnswer.NoJob;
                case HttpStatusCode.Forbidden:
                    return JobRequestAnswer.Forbidden;
                default:
                    return JobRequestAnswer.Failed($"the server answered {(int)response.StatusCode}");
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return JobRequestAnswer.Failed($"no answer within {RequestJobTimeout.TotalSeconds:0} s");
        }
        catch (HttpRequestException e)
        {
            return JobRequestAnswer.Failed(e.HttpRequestError.ToString());
        }
        catch (JsonException)
        {
            return JobRequestAnswer.Failed("the server answered 201 with a job that is not valid JSON");
        }
    }

    /// <summary><c>PUT /api/v4/jobs/:id</c>: the job's state, with a failure reason and exit code once it has failed.</summary>
    public async Task<ServerAnswer> UpdateJobAsync(long jobId, string jobToken, JobState state, CancellationToken ct)
    {
        var body = new { token = jobToken, state = state.Name, failure_reason = state.FailureReason, exit_code = state.ExitCode };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(UpdateTimeout);
        try
        {
            using var response = await http.PutAsJsonAsync(new Uri(_base, $"api/v4/jobs/{jobId}"), body, RunnerJson.Options, timeout.Token);
            return response.StatusCode switch
            {
                HttpStatusCode.OK => ServerAnswer.Accepted,
                HttpStatusCode.Forbidden => ServerAnswer.JobGone,
                _ => ServerAnswer.Failed,
            };
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return ServerAnswer.Failed;
        }
        catch (HttpRequestException)
        {
            return ServerAnswer.Failed;
        }
    }

    /// <summary><c>PATCH /api/v4/jobs/:id/trace</c>: appends <paramref name="chunk"/> at its start offset.</summary>
    public async Task<TraceAnswer> PatchTraceAsync(long jobId, string jobToken, TraceChunk chunk, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, new Uri(_base, $"api/v4/jobs/{jobId}/trace"));
        request.Headers.TryAddWithoutValidation("JOB-TOKEN", jobToken);
        request.Content = new ByteArrayContent(chunk.Bytes);
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "text/plain");
        // GitLab's own form ("0-99"), not RFC 9110's "bytes 0-99/*" that ContentRangeHeaderValue writes.
        request.Content.Headers.TryAddWithoutValidation("Content-Range", chunk.ContentRange);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(UpdateTimeout);
        try
        {
            using var response = await http.SendAsync(request, timeout.Token);
            var accepted = response.Headers.TryGetValues("Range", out var ranges) && TraceRange.TryParseAccepted(ranges.FirstOrDefault(), out var total)
                ? total
                : (long?)null;
            return response.StatusCode switch
            {
                HttpStatusCode.Accepted => new TraceAnswer(ServerAnswer.Accepted, accepted ?? chunk.Start + chunk.Bytes.Length),
                HttpStatusCode.RequestedRangeNotSatisfiable when accepted is not null => new TraceAnswer(ServerAnswer.RangeMismatch, accepted),
                HttpStatusCode.Forbidden => new TraceAnswer(ServerAnswer.JobGone, null),
                _ => new TraceAnswer(ServerAnswer.Failed, null),
            };
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new TraceAnswer(ServerAnswer.Failed, null);
        }
        catch (HttpRequestException)
        {
            return new TraceAnswer(ServerAnswer.Failed, null);
        }
    }
}

internal enum ServerAnswer
{
    Accepted,
    /// <summary>403: the job is no longer running (canceled, or already finished); stop working on it.</summary>
    JobGone,
    /// <summary>416: the server holds a different number of trace bytes than the chunk assumed.</summary>
    RangeMismatch,
    Failed,
}

/// <summary>The answer to a trace chunk; <see cref="Accepted"/> is the byte count the server now holds, when it said.</summary>
internal readonly record struct TraceAnswer(ServerAnswer Answer, long? Accepted);

/// <summary>A job state as the runner reports it with <c>PUT /api/v4/jobs/:id</c>.</summary>
internal sealed record JobState(string Name, string? FailureReason = null, int? ExitCode = null)
{
    public static readonly JobState Running = new("running");
    public static readonly JobState Success = new("success");

    public static JobState ScriptFailure(int exitCode) => new("failed", "script_failure", exitCode);

    public static readonly JobState Timeout = new("failed", "job_execution_timeout");
    public static readonly JobState SystemFailure = new("failed", "runner_system_failure");
}

internal sealed record JobRequestAnswer(JobPayload? Job, bool IsForbidden, string? Problem)
{
    public static readonly JobRequestAnswer NoJob = new(null, false, null);
    public static readonly JobRequestAnswer Forbidden = new(null, true, null);

    public static JobRequestAnswer Received(JobPayload job) => new(job, false, null);

    public static JobRequestAnswer Failed(string problem) => new(null, false, problem);
}

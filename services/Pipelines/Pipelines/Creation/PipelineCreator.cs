using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WvsMesh.Contracts.Pipelines;
using WvsMesh.Pipelines.Data;
using WvsMesh.Pipelines.Domain.Config;
using WvsMesh.Pipelines.Domain.Execution;
using WvsMesh.Pipelines.Domain.Selection;
using WvsMesh.Pipelines.Domain.Variables;
using WvsMesh.Pipelines.Repositories;
using WvsMesh.ServiceDefaults;
using WvsMesh.ServiceDefaults.Http;

namespace WvsMesh.Pipelines.Creation;

/// <summary>What became of a pipeline request.</summary>
internal abstract record CreationOutcome
{
    private CreationOutcome()
    {
    }

    /// <summary>The pipeline, with its jobs when they were created just now (null: an earlier delivery created them).</summary>
    public sealed record Created(PipelineRecord Pipeline, IReadOnlyList<JobRecord>? Jobs = null) : CreationOutcome;

    /// <summary>Refused with GitLab's text; <paramref name="FailedPipelineId"/> is set when a failed pipeline was recorded.</summary>
    public sealed record Rejected(string Message, long? FailedPipelineId) : CreationOutcome
    {
        public int? RetryAfterSeconds { get; init; }
    }
}

/// <summary>
/// Turns a <see cref="PipelineRequested"/> into the pipeline GitLab would create, once per request id, in GitLab's order of
/// checks: the ref (and its protection), who may pass variables, the configuration at that commit (parsed once per
/// commit), <c>workflow:rules</c>, each job's <c>rules</c> or <c>only</c>/<c>except</c> with the variables the job would see;
/// then the pipeline, its variables and its jobs in one transaction.
/// </summary>
internal sealed class PipelineCreator(
    RepositoryMirror mirror,
    ConfigCache configs,
    PipelineStore store,
    ProjectVariableStore projectVariables,
    CreationThrottle throttle,
    IOptions<WvsOptions> wvs,
    TimeProvider clock,
    ILogger<PipelineCreator> logger)
{
    public const string ConfigPath = ".wvs/root-ci.yml";
    public const string MissingConfig = "Missing CI config file";
    public const string VariablesForbidden = "Insufficient permissions to set pipeline variables";
    public const string Throttled = "Too many pipelines created in the last minute. Try again later.";
    private const string PayloadKey = "TRIGGER_PAYLOAD";
    private const string RawPayloadKey = "TRIGGER_PAYLOAD_RAW";
    private static readonly System.Text.UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// A repeated request (a redelivery, a retried <c>Idempotency-Key</c> or webhook delivery) finds its own earlier work,
    /// without a read on the way of every first request: the insert meets the stored request id, or, when this attempt is
    /// refused (the ref may have moved since), the stored pipeline is looked for before the refusal is answered.
    /// </summary>
    public async Task<CreationOutcome> CreateOnceAsync(PipelineRequested request, CancellationToken ct)
    {
        var outcome = await CreateAsync(request, ct);
        return outcome is CreationOutcome.Rejected { FailedPipelineId: null } && await store.FindByRequestAsync(request.RequestId, ct) is { } existing
            ? Existing(existing)
            : outcome;
    }

    private static CreationOutcome Existing(PipelineRecord existing) =>
        existing.Status == "failed" && existing.YamlErrors is { } errors
            ? new CreationOutcome.Rejected(errors, existing.Id)
            : new CreationOutcome.Created(existing);

    private async Task<CreationOutcome> CreateAsync(PipelineRequested request, CancellationToken ct)
    {
        using var activity = PipelinesTelemetry.ActivitySource.StartActivity("create pipeline");
        activity?.SetTag("wvs.project_id", request.ProjectId);

        ResolvedRef resolved;
        try
        {
            resolved = await mirror.ResolveAsync(request.ProjectId, request.RepositoryUrl, request.LocalSourceApproved == true, request.Ref, ct);
        }
        catch (RefNotBuildableException e)
        {
            return Reject(request, e.Message);
        }
        // Only now is it known whether the ref is a branch or a tag, so which protection applies.
        var protection = request.Protection;
        var refProtected = protection is not null && (resolved.IsTag ? protection.TagProtected : protection.BranchProtected);
        if (protection is not null && (resolved.IsTag ? protection.TagProtected && !protection.TagAllowed : protection.BranchProtected && !protection.BranchAllowed))
        {
            return Reject(request, GitLabErrors.ProtectedRefDenied(resolved.Name));
        }
        if (request.VariablesForbidden == true)
        {
            return Reject(request, VariablesForbidden);
        }
        if (throttle.TryAcquire(request.ProjectId, request.User.Id, resolved.Sha) is { } retryAfter)
        {
            return Reject(request, Throttled) with { RetryAfterSeconds = retryAfter };
        }

        var config = await configs.GetAsync(request.ProjectId, resolved.Sha, () => mirror.ReadFileAsync(request.ProjectId, resolved.Sha, ConfigPath, CiConfigParser.MaxYamlBytes, ct));
        if (config.Missing)
        {
            return Reject(request, MissingConfig);
        }
        var now = clock.GetUtcNow();
        var pipeline = NewPipeline(request, resolved, refProtected, now);
        var pipelineVariables = PipelineVariables(request);
        if (new[] { PayloadKey, RawPayloadKey }.FirstOrDefault(request.Variables.ContainsKey) is { } duplicate)
        {
            return await FailAsync(request, pipeline, pipelineVariables, $"Duplicate variable name: {duplicate}", ct);
        }
        if (config.Config is null)
        {
            return await FailAsync(request, pipeline, pipelineVariables, config.Error ?? "Invalid configuration", ct);
        }

        var (fromProject, nextIid) = await projectVariables.ForNewPipelineAsync(request.ProjectId, refProtected, ct);
        var variables = new VariableSources(
            PredefinedVariables.ForPipeline((pipeline with { Iid = nextIid }).Facts(wvs.Value.ExternalUrl)),
            fromProject.Select(v => new KeyValuePair<string, string>(v.Key, v.Value)).ToList(),
            pipelineVariables.Select(v => new KeyValuePair<string, string>(v.Key, v.Value)).ToList());
        var context = new SelectionContext(request.Source, resolved.Name, resolved.IsTag, request.ProjectPath)
        {
            Variables = variables.ForWorkflow(config.Config.Variables),
        };
        var selection = JobSelection.Select(config.Config, context, variables.ForJob);
        if (selection.Error is { } refusal)
        {
            return Reject(request, refusal);
        }

        var (jobs, status) = Started(Jobs(config.Config, selection, request.ProjectId, now));
        var (created, createdJobs) = await store.InsertOnceAsync(pipeline with { Status = status }, pipelineVariables, jobs, RawPayload(request), ct);
        if (createdJobs is null)
        {
            // The request id was stored already: this was a repeat, and no creation to count.
            throttle.Return(request.ProjectId, request.User.Id, resolved.Sha);
            return Existing(created);
        }
        PipelinesTelemetry.Created.Add(1, new KeyValuePair<string, object?>("source", request.Source));
        PipelinesLog.Created(logger, created.Id, created.Source, created.ProjectId, created.Ref, created.Sha);
        return new CreationOutcome.Created(created, createdJobs);
    }

    /// <summary>GitLab records a pipeline whose configuration is invalid as failed, with the error, and answers 422.</summary>
    private async Task<CreationOutcome> FailAsync(PipelineRequested request, PipelineRecord pipeline, List<PipelineVariable> variables, string error, CancellationToken ct)
    {
        var (failed, jobs) = await store.InsertOnceAsync(pipeline with { Status = "failed", YamlErrors = error }, variables, [], RawPayload(request), ct);
        if (jobs is null)
        {
            return Existing(failed);
        }
        PipelinesLog.Refused(logger, request.RequestId, request.ProjectId, "configuration error");
        return new CreationOutcome.Rejected(error, failed.Id);
    }

    private static List<JobRecord> Jobs(CiConfig config, JobSelectionResult selection, long projectId, DateTimeOffset now) =>
        selection.Jobs.Select(selected => new JobRecord
        {
            Id = 0,
            PipelineId = 0,
            ProjectId = projectId,
            Name = selected.Job.Name,
            Stage = selected.Job.Stage,
            StageIdx = IndexOf(config.Stages, selected.Job.Stage),
            Status = selected.When switch
            {
                "manual" => "manual",
                "delayed" => "scheduled",
                _ => "created",
            },
            RunWhen = selected.When,
            AllowFailure = selected.AllowFailure,
            StartIn = selected.StartIn,
            Script = JsonSerializer.Serialize(selected.Job.BeforeScript.Concat(selected.Job.Script)),
            AfterScript = JsonSerializer.Serialize(selected.Job.AfterScript),
            // The job's YAML variables as the runner will get them: root variables with the job's (and its rule's) over them.
            YamlVariables = JsonSerializer.Serialize(JobSelection.Merge(selection.RootVariables, selected.Variables)
                .Select(v => new { key = v.Key, value = v.Value })),
            CreatedAt = now,
        })
        // GitLab saves jobs stage by stage, so ids follow stage order (file order within a stage).
        .OrderBy(job => job.StageIdx)
        .ToList();

    /// <summary>The first stage's jobs are pending from the start (GitLab processes a new pipeline at once), and so is the pipeline.</summary>
    private static (List<JobRecord> Jobs, string PipelineStatus) Started(List<JobRecord> jobs)
    {
        var progress = JobProgression.Advance([.. jobs.Select((job, index) => new JobState(index, job.StageIdx, job.Status, job.RunWhen, job.AllowFailure))]);
        var started = jobs.ToList();
        foreach (var (index, status) in progress.Changes)
        {
            started[(int)index] = started[(int)index] with { Status = status };
        }
        return (started, progress.PipelineStatus);
    }

    private static int IndexOf(IReadOnlyList<string> stages, string stage)
    {
        for (var i = 0; i < stages.Count; i++)
        {
            if (stages[i] == stage)
            {
                return i;
            }
        }
        return stages.Count;
    }

    /// <summary>Trigger variables, and <c>TRIGGER_PAYLOAD</c> as a file variable on every trigger-API pipeline.</summary>
    private static List<PipelineVariable> PipelineVariables(PipelineRequested request)
    {
        var variables = request.Variables.Where(pair => pair.Key is not (PayloadKey or RawPayloadKey))
            .Select(pair => new PipelineVariable { Key = pair.Key, Value = pair.Value }).ToList();
        if (request.Payload is { } payload)
        {
            variables.Add(new PipelineVariable { Key = PayloadKey, Value = payload, VariableType = "file" });
        }
        if (request.RawPayload is { } raw)
        {
            // The exact bytes are kept in pipeline_payloads (what a runner writes to the file); the variable shows them as text,
            // or base64 when they are not text (invalid UTF-8, or NUL, which PostgreSQL text cannot hold).
            variables.Add(new PipelineVariable { Key = RawPayloadKey, Value = AsText(raw), VariableType = "file" });
        }
        return variables;
    }

    private static string AsText(byte[] body)
    {
        try
        {
            var text = StrictUtf8.GetString(body);
            return text.Contains('\0', StringComparison.Ordinal) ? "base64:" + Convert.ToBase64String(body) : text;
        }
        catch (System.Text.DecoderFallbackException)
        {
            return "base64:" + Convert.ToBase64String(body);
        }
    }

    private static StoredPayload? RawPayload(PipelineRequested request) =>
        request.RawPayload is { } body ? new StoredPayload { ContentType = request.RawPayloadContentType, Body = body } : null;

    private static PipelineRecord NewPipeline(PipelineRequested request, ResolvedRef resolved, bool refProtected, DateTimeOffset now) => new()
    {
        Id = 0,
        Iid = 0,
        ProjectId = request.ProjectId,
        ProjectPath = request.ProjectPath,
        RequestId = request.RequestId,
        TraceId = request.TraceId,
        Sha = resolved.Sha,
        Ref = resolved.Name,
        Tag = resolved.IsTag,
        Status = "created",
        Source = request.Source,
        TriggerId = request.TriggerId,
        TriggerShortToken = request.TriggerShortToken,
        TriggerDescription = request.TriggerDescription,
        UserId = request.User.Id,
        UserUsername = request.User.Username,
        UserName = request.User.Name,
        CommittedAt = resolved.CommittedAt,
        RefProtected = refProtected,
        CreatedAt = now,
        UpdatedAt = now,
        RepositoryUrl = request.RepositoryUrl,
        ProjectName = request.ProjectName,
        DefaultBranch = request.DefaultBranch,
        UpstreamProjectId = request.Upstream?.ProjectId,
        UpstreamPipelineId = request.Upstream?.PipelineId,
        UpstreamJobId = request.Upstream?.JobId,
    };

    private CreationOutcome.Rejected Reject(PipelineRequested request, string message)
    {
        PipelinesLog.Refused(logger, request.RequestId, request.ProjectId, message);
        return new CreationOutcome.Rejected(message, null);
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WvsMesh.Contracts.Pipelines;
using WvsMesh.ServiceDefaults;
using WvsMesh.ServiceDefaults.Http;
using WvsMesh.ServiceDefaults.Identity;
using WvsMesh.ServiceDefaults.Security;
using WvsMesh.Tokens.Data;
using WvsMesh.Tokens.Domain;

namespace WvsMesh.Tokens.Triggering;

/// <summary>What became of a trigger request.</summary>
internal abstract record TriggerOutcome
{
    private TriggerOutcome()
    {
    }

    /// <summary>The project's id, when the project exists (the webhook delivery log files deliveries under it).</summary>
    public long? ProjectId { get; init; }

    /// <summary>201: the pipeline exists.</summary>
    public sealed record Created(PipelineSnapshot Pipeline) : TriggerOutcome;

    /// <summary>404: unknown project, unknown/foreign/revoked/expired token, or a personal access token.</summary>
    public sealed record NotFound : TriggerOutcome;

    /// <summary>400 <c>{"message":{"base":[…]}}</c>: nothing was created.</summary>
    public sealed record Refused(string Message) : TriggerOutcome;

    /// <summary>422: a failed pipeline was recorded.</summary>
    public sealed record Failed(string Message, long? PipelineId) : TriggerOutcome;

    /// <summary>401 <c>{"message":"Job is not running"}</c>: a <c>CI_JOB_TOKEN</c> whose job has finished.</summary>
    public sealed record JobNotRunning : TriggerOutcome;

    /// <summary>401: the token requires signed deliveries and this one's signature is missing, wrong or too old.</summary>
    public sealed record Unauthorized(string Problem) : TriggerOutcome;

    /// <summary>429: the per-commit creation limit; try again after <paramref name="RetryAfterSeconds"/>.</summary>
    public sealed record Throttled(string Message, int RetryAfterSeconds) : TriggerOutcome;

    /// <summary>202: Pipelines did not answer in time; the request stays queued and will be created.</summary>
    public sealed record Pending(Guid RequestId) : TriggerOutcome;
}

/// <summary>
/// Step 2–5 of DESIGN.md's trigger path: loads what a trigger is decided on in one read (<see cref="TriggerContextStore"/>),
/// decides it without I/O (<see cref="TriggerDecision"/>: the token against the project and its owner's <em>current</em>
/// access), then asks Pipelines for the pipeline over the bus (one request, one answer).
/// </summary>
internal sealed class PipelineTrigger(
    TriggerContextStore contexts,
    ProjectStore projects,
    UserStore users,
    JobTokenStore jobTokens,
    ProtectedRefStore protectedRefs,
    TriggerUsageRecorder usage,
    IRequestClient<PipelineRequested> pipelines,
    SecretCipher cipher,
    IOptions<TokensOptions> options,
    IOptions<WvsOptions> wvs,
    TimeProvider clock,
    ILogger<PipelineTrigger> logger)
{
    public async Task<TriggerOutcome> TriggerAsync(ProjectRef projectRef, TriggerParameters parameters, TriggerCall call, CancellationToken ct)
    {
        var started = clock.GetTimestamp();
        var context = await contexts.LoadAsync(projectRef, parameters.TokenDigest, ct);
        if (context.Project is not { } project)
        {
            return Measure(new TriggerOutcome.NotFound(), started);
        }
        return Measure(await TriggerAsync(project, context, parameters, call, ct) with { ProjectId = project.Id }, started);
    }

    private async Task<TriggerOutcome> TriggerAsync(Project project, TriggerContext context, TriggerParameters parameters, TriggerCall call, CancellationToken ct)
    {
        using var activity = TokensTelemetry.ActivitySource.StartActivity("trigger pipeline");
        activity?.SetTag("wvs.project_id", project.Id);
        // A digest lookup, never a scan; a personal access token simply has no row here.
        var digest = parameters.TokenDigest;
        if (context.Token is null)
        {
            return await jobTokens.FindByDigestAsync(digest, ct) is { } job
                ? await TriggerAsJobAsync(project, job, parameters, call, ct)
                : new TriggerOutcome.NotFound();
        }
        var now = clock.GetUtcNow();
        var refName = RefPattern.BareName(parameters.Ref);
        switch (TriggerDecision.Decide(context, digest, refName, call, now, options.Value.SignatureTolerance, cipher.Decrypt))
        {
            case TriggerVerdict.Allowed allowed:
                activity?.SetTag("wvs.trigger_id", allowed.Token.Id);
                var outcome = await RequestPipelineAsync(
                    project, allowed.Owner, allowed.Access, parameters, refName, call, new Origin(allowed.Token, null), allowed.Protection, ct);
                if (outcome is TriggerOutcome.Created)
                {
                    usage.Record(new TriggerUse(allowed.Token.Id, now, call.ClientAddress));
                }
                return outcome;
            case TriggerVerdict.Unauthorized unauthorized:
                TokensLog.TriggerRefused(logger, context.Token.Id, project.Id, unauthorized.Problem);
                return new TriggerOutcome.Unauthorized(unauthorized.Problem);
            case TriggerVerdict.Refused refused:
                TokensLog.TriggerRefused(logger, context.Token.Id, project.Id, refused.Message);
                return new TriggerOutcome.Refused(refused.Message);
            default:
                return new TriggerOutcome.NotFound();
        }
    }

    /// <summary>
    /// A <c>CI_JOB_TOKEN</c>: only while its job runs (else GitLab's 401 "Job is not running"); as the job's user, who must
    /// see the project; in another project only when that project's inbound allowlist admits the job's project (else 404,
    /// as GitLab hides the project). The pipeline's source is <c>pipeline</c>, linked to the upstream job.
    /// </summary>
    private async Task<TriggerOutcome> TriggerAsJobAsync(Project project, JobToken job, TriggerParameters parameters, TriggerCall call, CancellationToken ct)
    {
        if (job.FinishedAt is not null)
        {
            return new TriggerOutcome.JobNotRunning();
        }
        if (await ActorAsync(project.Id, job.UserId, AccessLevel.Guest, ct) is not ({ } user, var access)
            || (project.Id != job.ProjectId && !await jobTokens.AllowsAsync(project.Id, job.ProjectId, ct)))
        {
            return new TriggerOutcome.NotFound();
        }
        if (!user.IsAdmin && access < AccessLevel.Developer)
        {
            return new TriggerOutcome.Refused(TriggerDecision.InsufficientPermissions);
        }
        var refName = RefPattern.BareName(parameters.Ref);
        var protection = TriggerDecision.Protection(
            refName, await protectedRefs.BranchesAsync(project.Id, ct), await protectedRefs.TagsAsync(project.Id, ct), access, user.IsAdmin);
        if (protection.DeniedEitherWay)
        {
            var message = GitLabErrors.ProtectedRefDenied(refName);
            TokensLog.TriggerRefused(logger, 0, project.Id, message);
            return new TriggerOutcome.Refused(message);
        }
        return await RequestPipelineAsync(project, user, access, parameters, refName, call,
            new Origin(null, new UpstreamJob(job.ProjectId, job.PipelineId, job.JobId)), protection, ct);
    }

    /// <summary>
    /// The user a token acts as, with their access to the project as it is now; null when the user is gone or not active, or
    /// (unless an admin) below <paramref name="minimum"/>.
    /// </summary>
    private async Task<(User User, AccessLevel Access)?> ActorAsync(long projectId, long userId, AccessLevel minimum, CancellationToken ct)
    {
        var user = await users.FindByIdAsync(userId, ct);
        var access = user is null ? AccessLevel.None : await projects.AccessOfAsync(projectId, user.Id, ct);
        return user is null || !user.IsActive || (!user.IsAdmin && access < minimum) ? null : (user, access);
    }

    /// <summary>Who asked for the pipeline: a trigger token, or a running job (its upstream job).</summary>
    private sealed record Origin(TriggerToken? Trigger, UpstreamJob? Upstream)
    {
        /// <summary>The trigger token's id, 0 for a job token; part of the idempotency key.</summary>
        public long TriggerId => Trigger?.Id ?? 0;
    }

    /// <summary>The request to Pipelines, for either kind of token, once it has been allowed.</summary>
    private async Task<TriggerOutcome> RequestPipelineAsync(
        Project project, User user, AccessLevel access, TriggerParameters parameters, string refName, TriggerCall call, Origin origin,
        ProtectedRefAccess protection, CancellationToken ct)
    {
        var trigger = origin.Trigger;
        var request = new PipelineRequested
        {
            RequestId = call.IdempotencyKey is { } key ? IdempotentRequestId(project.Id, origin.TriggerId, key) : NewId.NextGuid(),
            TraceId = Activity.Current?.TraceId.ToHexString(),
            ProjectId = project.Id,
            ProjectPath = project.FullPath,
            RepositoryUrl = project.ImportUrl,
            LocalSourceApproved = project.LocalImportApproved,
            ProjectName = project.Name,
            DefaultBranch = project.DefaultBranch,
            TriggerDescription = trigger?.Description,
            Ref = parameters.Ref,
            Source = trigger is null ? "pipeline" : "trigger",
            Variables = parameters.Variables,
            TriggerId = trigger?.Id,
            TriggerShortToken = trigger?.ShortToken,
            User = new PipelineUser
            {
                Id = user.Id,
                Username = user.Username,
                Name = user.Name,
                State = user.State,
                WebUrl = $"{wvs.Value.ExternalUrl}/{user.Username}",
            },
            AccessLevel = (int)(user.IsAdmin ? AccessLevel.Owner : access),
            Payload = parameters.Payload,
            RawPayload = call.IsWebhook ? PayloadRedaction.WithoutToken(call.Body, parameters.Token) : null,
            RawPayloadContentType = call.IsWebhook ? call.ContentType : null,
            // Checked by Pipelines after the ref, as GitLab's chain orders it; TRIGGER_PAYLOAD alone is never refused.
            VariablesForbidden = parameters.Variables.Count > 0 && !MayPassVariables(project.PipelineVariablesRole, user.IsAdmin ? AccessLevel.Owner : access),
            Protection = protection.BranchProtected || protection.TagProtected
                ? new RefProtection(protection.BranchProtected, protection.BranchAllowed, protection.TagProtected, protection.TagAllowed)
                : null,
            Upstream = origin.Upstream,
        };
        return await RequestAsync(request, origin, ct);
    }

    /// <summary>
    /// The same key with the same token in the same project names the same request, so Pipelines (idempotent by request id)
    /// answers a repeat with the pipeline it created the first time.
    /// </summary>
    private static Guid IdempotentRequestId(long projectId, long triggerId, string key)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"wvs-trigger\n{projectId}\n{triggerId}\n{key}")));
        return new Guid(hash.AsSpan(0, 16));
    }

    private async Task<TriggerOutcome> RequestAsync(PipelineRequested request, Origin origin, CancellationToken ct)
    {
        try
        {
            var response = await pipelines.GetResponse<PipelineCreated, PipelineRejected>(request, ct);
            if (response.Is(out Response<PipelineCreated>? created))
            {
                TokensLog.Triggered(logger, origin.TriggerId, origin.Trigger?.ShortToken ?? "job", created.Message.Pipeline.Id, request.ProjectId);
                return new TriggerOutcome.Created(created.Message.Pipeline);
            }
            if (!response.Is(out Response<PipelineRejected>? answer))
            {
                throw new InvalidOperationException("Pipelines answered with an unexpected message.");
            }
            var rejected = answer.Message;
            TokensLog.TriggerRefused(logger, origin.TriggerId, request.ProjectId, rejected.Message);
            return rejected switch
            {
                { RetryAfterSeconds: { } wait } => new TriggerOutcome.Throttled(rejected.Message, wait),
                { FailedPipelineId: null } => new TriggerOutcome.Refused(rejected.Message),
                _ => new TriggerOutcome.Failed(rejected.Message, rejected.FailedPipelineId),
            };
        }
        catch (RequestTimeoutException)
        {
            // The request is durable on the queue (RabbitMQ); Pipelines will create it when it catches up.
            TokensLog.PipelineRequestPending(logger, request.RequestId);
            return new TriggerOutcome.Pending(request.RequestId);
        }
    }

    /// <summary>GitLab 18's <c>ci_pipeline_variables_minimum_override_role</c>, checked against the token owner's role.</summary>
    private static bool MayPassVariables(string minimumRole, AccessLevel access) => minimumRole switch
    {
        "no_one_allowed" => false,
        "maintainer" => access >= AccessLevel.Maintainer,
        "owner" => access >= AccessLevel.Owner,
        _ => access >= AccessLevel.Developer,
    };

    /// <summary>Counts the outcome and records how long it took; the only tag is the outcome's name.</summary>
    private TriggerOutcome Measure(TriggerOutcome outcome, long started)
    {
        var tag = new KeyValuePair<string, object?>("outcome", OutcomeName(outcome));
        TokensTelemetry.Triggers.Add(1, tag);
        TokensTelemetry.TriggerDuration.Record(clock.GetElapsedTime(started).TotalSeconds, tag);
        return outcome;
    }

    /// <summary>The outcome as a metric label: <c>created</c>, <c>pending</c>, <c>not_found</c>, <c>job_not_running</c>, ….</summary>
    internal static string OutcomeName(TriggerOutcome outcome) => outcome switch
    {
        TriggerOutcome.Created => "created",
        TriggerOutcome.Pending => "pending",
        TriggerOutcome.NotFound => "not_found",
        TriggerOutcome.Refused => "refused",
        TriggerOutcome.Failed => "failed",
        TriggerOutcome.JobNotRunning => "job_not_running",
        TriggerOutcome.Unauthorized => "unauthorized",
        TriggerOutcome.Throttled => "throttled",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome.GetType().Name, "Unknown trigger outcome."),
    };
}

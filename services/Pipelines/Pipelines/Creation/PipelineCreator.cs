using Microsoft.Extensions.Logging;
using WvsMesh.Contracts.Pipelines;
using WvsMesh.Pipelines.Data;
using WvsMesh.Pipelines.Repositories;
using WvsMesh.ServiceDefaults.Http;

namespace WvsMesh.Pipelines.Creation;

/// <summary>What became of a pipeline request.</summary>
internal abstract record CreationOutcome
{
    private CreationOutcome()
    {
    }

    public sealed record Created(PipelineRecord Pipeline) : CreationOutcome;

    /// <summary>Refused with GitLab's text; <paramref name="FailedPipelineId"/> is set when a failed pipeline was recorded.</summary>
    public sealed record Rejected(string Message, long? FailedPipelineId) : CreationOutcome;
}

/// <summary>
/// Turns a <see cref="PipelineRequested"/> into a pipeline, once per request id: resolves the ref in the project's mirror,
/// reads <c>.wvs/root-ci.yml</c> at that commit, and writes the pipeline and its variables in one transaction.
/// </summary>
internal sealed class PipelineCreator(RepositoryMirror mirror, PipelineStore store, TimeProvider clock, ILogger<PipelineCreator> logger)
{
    public const string ConfigPath = ".wvs/root-ci.yml";
    public const string MissingConfig = "Missing CI config file";

    public async Task<CreationOutcome> CreateOnceAsync(PipelineRequested request, CancellationToken ct)
    {
        // A redelivered request finds its own earlier work.
        if (await store.FindByRequestAsync(request.RequestId, ct) is { } existing)
        {
            return new CreationOutcome.Created(existing);
        }
        using var activity = PipelinesTelemetry.ActivitySource.StartActivity("create pipeline");
        activity?.SetTag("wvs.project_id", request.ProjectId);

        ResolvedRef resolved;
        try
        {
            resolved = await mirror.ResolveAsync(request.ProjectId, request.RepositoryUrl, request.Ref, ct);
        }
        catch (RefNotBuildableException e)
        {
            return Reject(request, e.Message);
        }
        // Only now is it known whether the ref is a branch or a tag, so which protection applies.
        if (request.Protection is { } protection
            && (resolved.IsTag ? protection.TagProtected && !protection.TagAllowed : protection.BranchProtected && !protection.BranchAllowed))
        {
            return Reject(request, GitLabErrors.ProtectedRefDenied(resolved.Name));
        }
        if (await mirror.ReadFileAsync(request.ProjectId, resolved.Sha, ConfigPath, ct) is null)
        {
            return Reject(request, MissingConfig);
        }

        var now = clock.GetUtcNow();
        var pipeline = await store.InsertOnceAsync(new PipelineRecord
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
            UserId = request.User.Id,
            UserUsername = request.User.Username,
            UserName = request.User.Name,
            CommittedAt = resolved.CommittedAt,
            CreatedAt = now,
            UpdatedAt = now,
        }, Variables(request), [], ct);

        PipelinesTelemetry.Created.Add(1, new KeyValuePair<string, object?>("source", request.Source));
        PipelinesLog.Created(logger, pipeline.Id, pipeline.Source, pipeline.ProjectId, pipeline.Ref, pipeline.Sha);
        return new CreationOutcome.Created(pipeline);
    }

    /// <summary>Trigger variables, plus <c>TRIGGER_PAYLOAD</c> as a file variable when the request carried one.</summary>
    private static List<PipelineVariable> Variables(PipelineRequested request)
    {
        var variables = request.Variables.Select(pair => new PipelineVariable { Key = pair.Key, Value = pair.Value }).ToList();
        if (request.Payload is { } payload && !request.Variables.ContainsKey("TRIGGER_PAYLOAD"))
        {
            variables.Add(new PipelineVariable { Key = "TRIGGER_PAYLOAD", Value = payload, VariableType = "file" });
        }
        return variables;
    }

    private CreationOutcome.Rejected Reject(PipelineRequested request, string message)
    {
        PipelinesLog.Refused(logger, request.RequestId, request.ProjectId, message);
        return new CreationOutcome.Rejected(message, null);
    }
}

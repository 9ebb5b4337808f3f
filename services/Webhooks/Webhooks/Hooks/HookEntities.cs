using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace WvsMesh.Webhooks.Hooks;

/// <summary>
/// GitLab's <c>Entities::ProjectHook</c> (GitLab 19). Only pipeline events are ever sent, so every other event flag is
/// false whatever a client asks for; the tokens are never shown, only whether they are set.
/// </summary>
internal sealed class HookEntity
{
    public long Id { get; init; }
    public required string Url { get; init; }
    public string? Name { get; init; }
    public string? Description { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public bool PushEvents { get; init; }
    public bool TagPushEvents { get; init; }
    public bool MergeRequestsEvents { get; init; }
    public bool RepositoryUpdateEvents { get; init; }
    public bool EnableSslVerification { get; init; }
    public string AlertStatus { get; init; } = "executable";
    public DateTimeOffset? DisabledUntil { get; init; }

    /// <summary>Shown for one hook, left out of lists (as GitLab does).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<object>? UrlVariables { get; init; }

    public string? PushEventsBranchFilter { get; init; }
    public string BranchFilterStrategy { get; init; } = "wildcard";
    public string? CustomWebhookTemplate { get; init; }

    /// <summary>Shown for one hook, left out of lists (as GitLab does).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<object>? CustomHeaders { get; init; }

    public long ProjectId { get; init; }
    public bool IssuesEvents { get; init; }
    public bool ConfidentialIssuesEvents { get; init; }
    public bool NoteEvents { get; init; }
    public bool ConfidentialNoteEvents { get; init; }
    public bool PipelineEvents { get; init; }
    public bool WikiPageEvents { get; init; }
    public bool DeploymentEvents { get; init; }
    public bool FeatureFlagEvents { get; init; }
    public bool JobEvents { get; init; }
    public bool ReleasesEvents { get; init; }
    public bool MilestoneEvents { get; init; }
    public bool EmojiEvents { get; init; }
    public bool ResourceAccessTokenEvents { get; init; }
    public bool ResourceDeployTokenEvents { get; init; }
    public bool VulnerabilityEvents { get; init; }
    public bool TokenPresent { get; init; }
    public bool SigningTokenPresent { get; init; }

    public static HookEntity From(ProjectHook hook, bool single) => new()
    {
        Id = hook.Id,
        Url = hook.Url,
        Name = hook.Name,
        Description = hook.Description,
        CreatedAt = hook.CreatedAt,
        EnableSslVerification = hook.EnableSslVerification,
        UrlVariables = single ? [] : null,
        CustomHeaders = single ? [] : null,
        ProjectId = hook.ProjectId,
        PipelineEvents = hook.PipelineEvents,
        TokenPresent = hook.HasToken,
        SigningTokenPresent = hook.HasSigningToken,
    };
}

/// <summary>
/// GitLab's <c>Entities::WebHookLog</c> ("List project webhook events"), plus what GitLab does not show: which
/// attempt of which event it was, and the error when no answer came.
/// </summary>
internal sealed record HookLogEntity(
    long Id,
    string Url,
    string Trigger,
    Dictionary<string, string> RequestHeaders,
    JsonNode? RequestData,
    Dictionary<string, string> ResponseHeaders,
    string ResponseBody,
    double ExecutionDuration,
    string ResponseStatus,
    DateTimeOffset CreatedAt,
    int Attempt,
    string EventUuid,
    string? Error)
{
    public static HookLogEntity From(HookLog log) => new(
        log.Id, log.Url, log.HookTrigger, Headers(log.RequestHeaders), JsonNode.Parse(log.Payload), Headers(log.ResponseHeaders),
        log.ResponseBody, log.ExecutionDuration, log.ResponseStatus, log.CreatedAt, log.Attempt, log.EventUuid, log.Error);

    private static Dictionary<string, string> Headers(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [];
}

/// <summary>GitLab's <c>Entities::RetryWebhookEvent</c>: the status the resent request was answered with (null: no answer).</summary>
internal sealed record ResendEntity(int? ResponseStatus);

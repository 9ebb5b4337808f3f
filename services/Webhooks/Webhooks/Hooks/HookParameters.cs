using Microsoft.AspNetCore.Http.HttpResults;
using WvsMesh.ServiceDefaults.Http;
using WvsMesh.ServiceDefaults.Security;

namespace WvsMesh.Webhooks.Hooks;

/// <summary>The hook attributes a request sets (null: not given), or the 400 for the first one that is invalid.</summary>
internal sealed record HookChanges
{
    public string? Name { get; init; }
    public string? Description { get; init; }
    public bool? PipelineEvents { get; init; }
    public bool? EnableSslVerification { get; init; }
    public HookSecretChange Secrets { get; init; } = HookSecretChange.Keep;
    public BadRequest<GitLabError>? Invalid { get; init; }

    /// <summary>True when anything besides the URL was given.</summary>
    public bool Any => Name is not null || Description is not null || PipelineEvents is not null || EnableSslVerification is not null
        || !Secrets.KeepToken || !Secrets.KeepSigningToken;

    public ProjectHook ApplyTo(ProjectHook hook) => hook with
    {
        Name = Name ?? hook.Name,
        Description = Description ?? hook.Description,
        PipelineEvents = PipelineEvents ?? hook.PipelineEvents,
        EnableSslVerification = EnableSslVerification ?? hook.EnableSslVerification,
    };
}

/// <summary>Reads <c>name</c>, <c>description</c>, <c>pipeline_events</c>, <c>enable_ssl_verification</c>, <c>token</c> and <c>signing_token</c>.</summary>
internal static class HookParameters
{
    public static HookChanges Read(GitLabParameters parameters)
    {
        var (pipelineEvents, pipelineEventsValid) = Flag(parameters, "pipeline_events");
        if (!pipelineEventsValid)
        {
            return new HookChanges { Invalid = GitLabErrors.Invalid("pipeline_events") };
        }
        var (verify, verifyValid) = Flag(parameters, "enable_ssl_verification");
        if (!verifyValid)
        {
            return new HookChanges { Invalid = GitLabErrors.Invalid("enable_ssl_verification") };
        }
        var token = parameters.Get("token");
        var signingToken = parameters.Get("signing_token");
        if (signingToken is { Length: > 0 } && !StandardWebhookSignature.IsValidToken(signingToken))
        {
            return new HookChanges { Invalid = GitLabErrors.Invalid("signing_token") };
        }
        return new HookChanges
        {
            Name = parameters.Get("name"),
            Description = parameters.Get("description"),
            PipelineEvents = pipelineEvents,
            EnableSslVerification = verify,
            // An empty token removes it, as saving a blank token does in GitLab.
            Secrets = new HookSecretChange(
                token is { Length: > 0 } ? token : null, signingToken is { Length: > 0 } ? signingToken : null, token is null, signingToken is null),
        };
    }

    /// <summary>Grape's Boolean: true/false, 1/0, t/f, yes/no, y/n, on/off (any case); anything else is invalid.</summary>
    public static (bool? Value, bool Valid) Flag(GitLabParameters parameters, string name) => parameters.Get(name)?.ToLowerInvariant() switch
    {
        null => (null, true),
        "true" or "1" or "t" or "yes" or "y" or "on" => (true, true),
        "false" or "0" or "f" or "no" or "n" or "off" => (false, true),
        _ => (null, false),
    };
}

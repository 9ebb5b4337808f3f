using System.Globalization;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using WvsMesh.Contracts.Tokens;
using WvsMesh.ServiceDefaults;
using WvsMesh.ServiceDefaults.Http;
using WvsMesh.ServiceDefaults.Identity;
using WvsMesh.ServiceDefaults.Security;
using WvsMesh.Tokens.Data;
using WvsMesh.Tokens.Domain;

namespace WvsMesh.Tokens.Api;

/// <summary>
/// <c>/projects/:id/triggers</c> (GitLab's <c>lib/api/ci/triggers.rb</c>): Maintainers and Owners list, create and revoke
/// tokens; only a token's owner updates or rotates it; the full token is shown to its owner and to admins, everyone
/// else sees its first 4 characters after the prefix.
/// </summary>
internal static class TriggersApi
{
    public const string RateLimitPolicy = "trigger-management";
    private const int MaxLifetimeDays = 365;

    public static RouteGroupBuilder MapTriggersApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v4/projects/{projectId}/triggers")
            .RequireSignedIdentity()
            .RequireProjectRole(AccessLevel.Guest)
            .RequireRateLimiting(RateLimitPolicy)
            .WithTags("Triggers");
        // GitLab's admin_build (Maintainer+) to list, read, create and revoke; updating and rotating is the owner's (MayAdminister).
        group.MapGet("/", ListTriggers).RequireProjectRole(AccessLevel.Maintainer);
        group.MapGet("/{triggerId}", GetTrigger).RequireProjectRole(AccessLevel.Maintainer);
        group.MapPost("/", CreateTrigger).RequireProjectRole(AccessLevel.Maintainer);
        group.MapPut("/{triggerId}", UpdateTrigger);
        group.MapDelete("/{triggerId}", RevokeTrigger).RequireProjectRole(AccessLevel.Maintainer);
        group.MapPost("/{triggerId}/rotate", RotateTrigger);
        return group;
    }

    private static async Task<Results<Ok<List<TriggerEntity>>, JsonHttpResult<GitLabMessage>>> ListTriggers(
        CallerIdentity caller, Pagination page, HttpContext http, [AsParameters] TriggerServices services, CancellationToken ct)
    {
        var (rows, total) = await services.Triggers.ListAsync(caller.ProjectId ?? 0, page.Offset, page.PerPage, services.Clock.GetUtcNow(), ct);
        page.WriteHeaders(http, total);
        return TypedResults.Ok(await services.PresentAsync(rows, caller, ct));
    }

    private static async Task<Results<Ok<TriggerEntity>, BadRequest<GitLabError>, JsonHttpResult<GitLabMessage>>> GetTrigger(
        string triggerId, CallerIdentity caller, [AsParameters] TriggerServices services, CancellationToken ct)
    {
        if (!TryParseId(triggerId, out var id))
        {
            return InvalidTriggerId();
        }
        var trigger = await services.Triggers.FindAsync(caller.ProjectId ?? 0, id, services.Clock.GetUtcNow(), ct);
        return trigger is null ? TriggerNotFound() : TypedResults.Ok(await services.PresentAsync(trigger, caller, ct));
    }

    private static async Task<Results<Created<TriggerEntity>, BadRequest<GitLabError>, BadRequest<GitLabMessage>, JsonHttpResult<GitLabMessage>>> CreateTrigger(
        GitLabParameters parameters, CallerIdentity caller, [AsParameters] TriggerServices services, CancellationToken ct)
    {
        var description = parameters.Get("description");
        if (description is null)
        {
            return TypedResults.BadRequest(new GitLabError("description is missing"));
        }
        var now = services.Clock.GetUtcNow();
        DateTimeOffset? expiresAt = null;
        if (parameters.Get("expires_at") is { Length: > 0 } expires)
        {
            if (!DateTimeOffset.TryParse(expires, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                return TypedResults.BadRequest(new GitLabError("expires_at is invalid"));
            }
            var limit = now.UtcDateTime.Date.AddDays(MaxLifetimeDays);
            if (parsed.UtcDateTime >= limit)
            {
                return TypedResults.BadRequest(new GitLabMessage($$"""400 Bad request - {"expires_at":["must be before {{limit:yyyy-MM-dd}}"]}"""));
            }
            expiresAt = parsed.ToUniversalTime();
        }
        var (allowedRefs, refsError) = AllowedRefs(parameters);
        if (refsError is not null)
        {
            return refsError;
        }
        var signingSecret = parameters.Get("signing_secret") is { Length: > 0 } secret ? secret : null;
        if (signingSecret is not null && DeliverySignature.Validate(signingSecret) is { } secretProblem)
        {
            return TypedResults.BadRequest(new GitLabMessage($"400 Bad request - {secretProblem}"));
        }
        var projectId = caller.ProjectId ?? 0;
        var maximum = services.Options.Value.MaxTriggersPerProject;
        if (await services.Triggers.CountLiveAsync(projectId, now, ct) >= maximum)
        {
            return TypedResults.BadRequest(new GitLabMessage($$"""400 Bad request - {"base":["Maximum number of pipeline triggers ({{maximum}}) exceeded"]}"""));
        }

        var token = TriggerTokenFormat.NewToken();
        var trigger = await services.Triggers.InsertAsync(new TriggerToken
        {
            Id = 0,
            ProjectId = projectId,
            OwnerId = caller.UserId,
            Description = description,
            TokenCiphertext = services.Cipher.Encrypt(token),
            TokenDigest = TokenDigest.Of(token),
            ShortToken = TriggerTokenFormat.ShortToken(token),
            CreatedAt = now,
            UpdatedAt = now,
            ExpiresAt = expiresAt,
            AllowedRefs = allowedRefs,
            SigningSecretCiphertext = signingSecret is null ? null : services.Cipher.Encrypt(signingSecret),
        }, ct);
        return TypedResults.Created($"/api/v4/projects/{projectId}/triggers/{trigger.Id}", await services.PresentAsync(trigger, caller, ct));
    }

    private static async Task<Results<Ok<TriggerEntity>, BadRequest<GitLabError>, BadRequest<GitLabMessage>, JsonHttpResult<GitLabMessage>>> UpdateTrigger(
        string triggerId, GitLabParameters parameters, CallerIdentity caller, [AsParameters] TriggerServices services, CancellationToken ct)
    {
        if (!TryParseId(triggerId, out var id))
        {
            return InvalidTriggerId();
        }
        var projectId = caller.ProjectId ?? 0;
        var trigger = await services.Triggers.FindAsync(projectId, id, services.Clock.GetUtcNow(), ct);
        if (trigger is null)
        {
            return TriggerNotFound();
        }
        if (!MayAdminister(caller, trigger))
        {
            return GitLabErrors.Status(StatusCodes.Status403Forbidden, "403 Forbidden - The current user is not authorized to update the pipeline trigger token");
        }
        var (allowedRefs, refsError) = AllowedRefs(parameters);
        if (refsError is not null)
        {
            return refsError;
        }
        // GitLab: a missing description sets it to nil; allowed refs and the signing secret stay unless given (an empty secret removes it).
        var signingSecret = trigger.SigningSecretCiphertext;
        if (parameters.Get("signing_secret") is { } secret)
        {
            if (secret.Length > 0 && DeliverySignature.Validate(secret) is { } secretProblem)
            {
                return TypedResults.BadRequest(new GitLabMessage($"400 Bad request - {secretProblem}"));
            }
            signingSecret = secret.Length == 0 ? null : services.Cipher.Encrypt(secret);
        }
        var now = services.Clock.GetUtcNow();
        var updated = trigger with
        {
            Description = parameters.Get("description"),
            AllowedRefs = parameters.Has("allowed_refs") ? allowedRefs : trigger.AllowedRefs,
            SigningSecretCiphertext = signingSecret,
            UpdatedAt = now,
        };
        if (!await services.Triggers.UpdateAsync(updated, now, ct))
        {
            return GitLabErrors.Status(StatusCodes.Status400BadRequest, "400 Bad request - Attempted to update the pipeline trigger token but failed");
        }
        return TypedResults.Ok(await services.PresentAsync(updated, caller, ct));
    }

    private static async Task<Results<NoContent, BadRequest<GitLabError>, JsonHttpResult<GitLabMessage>>> RevokeTrigger(
        string triggerId, CallerIdentity caller, HttpRequest request, IPublishEndpoint bus, [AsParameters] TriggerServices services, CancellationToken ct)
    {
        if (!TryParseId(triggerId, out var id))
        {
            return InvalidTriggerId();
        }
        var projectId = caller.ProjectId ?? 0;
        var now = services.Clock.GetUtcNow();
        var trigger = await services.Triggers.FindAsync(projectId, id, now, ct);
        if (trigger is null)
        {
            return TriggerNotFound();
        }
        // GitLab's destroy_conditionally!: a client that saw an older version must not revoke blindly.
        if (request.GetTypedHeaders().IfUnmodifiedSince is { } since && since < trigger.UpdatedAt)
        {
            return GitLabErrors.Status(StatusCodes.Status412PreconditionFailed, "412 Precondition Failed");
        }
        if (!await services.Triggers.RevokeAsync(projectId, id, now, ct))
        {
            return TriggerNotFound();
        }
        await bus.Publish(new TriggerTokenRevoked(projectId, id, trigger.ShortToken), ct);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<TriggerEntity>, BadRequest<GitLabError>, JsonHttpResult<GitLabMessage>>> RotateTrigger(
        string triggerId, CallerIdentity caller, [AsParameters] TriggerServices services, CancellationToken ct)
    {
        if (!TryParseId(triggerId, out var id))
        {
            return InvalidTriggerId();
        }
        var projectId = caller.ProjectId ?? 0;
        var now = services.Clock.GetUtcNow();
        var trigger = await services.Triggers.FindAsync(projectId, id, now, ct);
        if (trigger is null)
        {
            return TriggerNotFound();
        }
        if (!MayAdminister(caller, trigger))
        {
            return GitLabErrors.Status(StatusCodes.Status403Forbidden, "403 Forbidden - The current user is not authorized to rotate the pipeline trigger token");
        }
        var token = TriggerTokenFormat.NewToken();
        var rotated = trigger with
        {
            TokenCiphertext = services.Cipher.Encrypt(token),
            TokenDigest = TokenDigest.Of(token),
            ShortToken = TriggerTokenFormat.ShortToken(token),
            UpdatedAt = now,
        };
        if (!await services.Triggers.RotateAsync(projectId, id, rotated.TokenCiphertext, rotated.TokenDigest, rotated.ShortToken,
                now + services.Options.Value.RotationGracePeriod, now, ct))
        {
            return TriggerNotFound();
        }
        return TypedResults.Ok(await services.PresentAsync(rotated, caller, ct));
    }

    /// <summary>Grape's Integer coercion of <c>:trigger_id</c>: anything else is 400 <c>{"error":"trigger_id is invalid"}</c>.</summary>
    private static bool TryParseId(string text, out long id) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out id);

    private static BadRequest<GitLabError> InvalidTriggerId() => TypedResults.BadRequest(new GitLabError("trigger_id is invalid"));

    /// <summary>GitLab's <c>admin_trigger</c>: the token's owner while Maintainer+, or an admin.</summary>
    private static bool MayAdminister(CallerIdentity caller, TriggerToken trigger) =>
        caller.IsAdmin || (caller.UserId == trigger.OwnerId && caller.HasAtLeast(AccessLevel.Maintainer));

    // GitLab's RecordNotFound text, lower-case "found".
    private static JsonHttpResult<GitLabMessage> TriggerNotFound() => GitLabErrors.Status(StatusCodes.Status404NotFound, "404 Not found");

    /// <summary><c>allowed_refs[]</c> (or a JSON array): ref names or <c>*</c> patterns this token may build.</summary>
    private static (string? Joined, BadRequest<GitLabError>? Error) AllowedRefs(GitLabParameters parameters)
    {
        var patterns = parameters.GetAll("allowed_refs").Select(pattern => pattern.Trim()).Where(pattern => pattern.Length > 0).ToList();
        if (patterns.Any(pattern => pattern.Contains('\n', StringComparison.Ordinal) || pattern.Length > 255))
        {
            return (null, TypedResults.BadRequest(new GitLabError("allowed_refs is invalid")));
        }
        return (patterns.Count == 0 ? null : string.Join('\n', patterns), null);
    }
}

/// <summary>What the trigger endpoints need.</summary>
internal sealed record TriggerServices(
    TriggerTokenStore Triggers, UserStore Users, SecretCipher Cipher, TimeProvider Clock, IOptions<WvsOptions> Wvs, IOptions<TokensOptions> Options)
{
    /// <summary>GitLab's <c>TriggerPresenter</c>: the full token only for its owner (still Maintainer+) and admins.</summary>
    public async Task<TriggerEntity> PresentAsync(TriggerToken trigger, CallerIdentity caller, CancellationToken ct) =>
        Present(trigger, await Users.FindByIdAsync(trigger.OwnerId, ct), caller);

    /// <summary>A page of tokens: their owners in one query, not one per token.</summary>
    public async Task<List<TriggerEntity>> PresentAsync(IReadOnlyList<TriggerToken> triggers, CallerIdentity caller, CancellationToken ct)
    {
        var owners = (await Users.FindByIdsAsync([.. triggers.Select(trigger => trigger.OwnerId).Distinct()], ct)).ToDictionary(user => user.Id);
        return [.. triggers.Select(trigger => Present(trigger, owners.GetValueOrDefault(trigger.OwnerId), caller))];
    }

    private TriggerEntity Present(TriggerToken trigger, User? owner, CallerIdentity caller)
    {
        var exposed = caller.IsAdmin || (caller.UserId == trigger.OwnerId && caller.HasAtLeast(AccessLevel.Maintainer));
        return new TriggerEntity(
            trigger.Id,
            exposed ? Cipher.Decrypt(trigger.TokenCiphertext) : trigger.ShortToken,
            trigger.Description,
            trigger.CreatedAt,
            trigger.UpdatedAt,
            trigger.LastUsedAt,
            trigger.ExpiresAt,
            owner is null ? null : UserBasicEntity.From(owner, Wvs.Value.ExternalUrl),
            trigger.AllowedRefPatterns(),
            trigger.LastUsedIp,
            trigger.SigningSecretCiphertext is not null);
    }
}

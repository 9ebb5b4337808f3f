using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using WvsMesh.ServiceDefaults;
using WvsMesh.ServiceDefaults.Http;
using WvsMesh.ServiceDefaults.Identity;
using WvsMesh.ServiceDefaults.Security;
using WvsMesh.Tokens.Data;
using WvsMesh.Tokens.Domain;

namespace WvsMesh.Tokens.Api;

/// <summary>
/// <c>/projects/:id/triggers</c> (GitLab's <c>lib/api/ci/triggers.rb</c>): Maintainers and Owners list and create tokens;
/// the full token is shown to its owner and to admins, everyone else sees its first 4 characters.
/// </summary>
internal static class TriggersApi
{
    private const int MaxLifetimeDays = 365;

    public static RouteGroupBuilder MapTriggersApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v4/projects/{projectId}/triggers").RequireSignedIdentity().WithTags("Triggers");
        group.MapGet("/", ListTriggers);
        group.MapGet("/{triggerId:long}", GetTrigger);
        group.MapPost("/", CreateTrigger);
        return group;
    }

    private static async Task<Results<Ok<List<TriggerEntity>>, NotFound<GitLabMessage>, JsonHttpResult<GitLabMessage>>> ListTriggers(
        CallerIdentity caller, HttpResponse response, [AsParameters] TriggerServices services, int? page, int? perPage, CancellationToken ct)
    {
        if (Refuse(caller) is { } refusal)
        {
            return refusal;
        }
        var (pageNumber, size) = (Math.Max(page ?? 1, 1), Math.Clamp(perPage ?? 20, 1, 100));
        var (rows, total) = await services.Triggers.ListAsync(caller.ProjectId ?? 0, pageNumber, size, services.Clock.GetUtcNow(), ct);
        response.Headers["X-Total"] = total.ToString(CultureInfo.InvariantCulture);
        response.Headers["X-Page"] = pageNumber.ToString(CultureInfo.InvariantCulture);
        response.Headers["X-Per-Page"] = size.ToString(CultureInfo.InvariantCulture);
        response.Headers["X-Total-Pages"] = Math.Max(1, (total + size - 1) / size).ToString(CultureInfo.InvariantCulture);
        var entities = new List<TriggerEntity>(rows.Count);
        foreach (var row in rows)
        {
            entities.Add(await services.PresentAsync(row, caller, ct));
        }
        return TypedResults.Ok(entities);
    }

    private static async Task<Results<Ok<TriggerEntity>, NotFound<GitLabMessage>, JsonHttpResult<GitLabMessage>>> GetTrigger(
        long triggerId, CallerIdentity caller, [AsParameters] TriggerServices services, CancellationToken ct)
    {
        if (Refuse(caller) is { } refusal)
        {
            return refusal;
        }
        var trigger = await services.Triggers.FindAsync(caller.ProjectId ?? 0, triggerId, services.Clock.GetUtcNow(), ct);
        // GitLab's RecordNotFound text, lower-case "found".
        return trigger is null
            ? TypedResults.NotFound(new GitLabMessage("404 Not found"))
            : TypedResults.Ok(await services.PresentAsync(trigger, caller, ct));
    }

    private static async Task<Results<Created<TriggerEntity>, BadRequest<GitLabError>, BadRequest<GitLabMessage>, NotFound<GitLabMessage>, JsonHttpResult<GitLabMessage>>> CreateTrigger(
        GitLabParameters parameters, CallerIdentity caller, [AsParameters] TriggerServices services, CancellationToken ct)
    {
        if (Refuse(caller) is { } refusal)
        {
            return refusal;
        }
        if (parameters.Malformed)
        {
            return GitLabErrors.MalformedBody();
        }
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
                return TypedResults.BadRequest(new GitLabMessage(
                    $$"""400 Bad request - {"expires_at":["must be before {{limit:yyyy-MM-dd}}"]}"""));
            }
            expiresAt = parsed.ToUniversalTime();
        }

        var token = TriggerTokenFormat.NewToken();
        var trigger = await services.Triggers.InsertAsync(new TriggerToken
        {
            Id = 0,
            ProjectId = caller.ProjectId ?? 0,
            OwnerId = caller.UserId,
            Description = description,
            TokenCiphertext = services.Cipher.Encrypt(token),
            ShortToken = TriggerTokenFormat.ShortToken(token),
            CreatedAt = now,
            UpdatedAt = now,
            ExpiresAt = expiresAt,
        }, TokenDigest.Of(token), ct);
        return TypedResults.Created($"/api/v4/projects/{trigger.ProjectId}/triggers/{trigger.Id}", await services.PresentAsync(trigger, caller, ct));
    }

    /// <summary>404 for an unknown project or a non-member, 403 below Maintainer (GitLab's <c>admin_build</c>).</summary>
    private static JsonHttpResult<GitLabMessage>? Refuse(CallerIdentity caller) =>
        caller.ProjectId is null || !caller.HasAtLeast(AccessLevel.Guest) ? GitLabErrors.Status(StatusCodes.Status404NotFound, "404 Project Not Found")
        : !caller.HasAtLeast(AccessLevel.Maintainer) ? GitLabErrors.Forbidden()
        : null;
}

/// <summary>What the trigger endpoints need.</summary>
internal sealed record TriggerServices(TriggerTokenStore Triggers, UserStore Users, TokenCipher Cipher, TimeProvider Clock, IOptions<WvsOptions> Wvs)
{
    /// <summary>GitLab's <c>TriggerPresenter</c>: the full token only for its owner (still Maintainer+) and admins.</summary>
    public async Task<TriggerEntity> PresentAsync(TriggerToken trigger, CallerIdentity caller, CancellationToken ct)
    {
        var owner = await Users.FindByIdAsync(trigger.OwnerId, ct);
        var exposed = caller.IsAdmin || (caller.UserId == trigger.OwnerId && caller.HasAtLeast(AccessLevel.Maintainer));
        return new TriggerEntity(
            trigger.Id,
            exposed ? Cipher.Decrypt(trigger.TokenCiphertext) : trigger.ShortToken,
            trigger.Description,
            trigger.CreatedAt,
            trigger.UpdatedAt,
            LastUsed: null,
            trigger.ExpiresAt,
            owner is null ? null : UserBasicEntity.From(owner, Wvs.Value.ExternalUrl));
    }
}

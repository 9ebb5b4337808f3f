using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using WvsMesh.ServiceDefaults.Http;
using WvsMesh.ServiceDefaults.Identity;

namespace WvsMesh.Webhooks.Hooks;

/// <summary>What the delivery-log endpoints need besides the caller.</summary>
internal sealed record HookEventServices(ProjectHookStore Hooks, HookEventStore Events, HookDelivery Delivery, TimeProvider Clock);

/// <summary>
/// <c>/projects/:id/hooks/:hook_id/events</c>: the delivery log of a hook, every attempt (GitLab's "List project webhook
/// events"), and <c>…/events/:hook_log_id/resend</c>, which sends a logged event's payload again as a new delivery.
/// </summary>
internal static class HookEventsApi
{
    public const string UrlChanged = "The hook URL has changed, and this log entry cannot be retried";

    public static RouteGroupBuilder MapHookEventsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v4/projects/{projectId}/hooks/{hookId}/events")
            .RequireSignedIdentity()
            .RequireProjectRole(AccessLevel.Maintainer)
            .WithTags("Hooks");
        group.MapGet("/", ListEvents);
        group.MapPost("/{hookLogId}/resend", ResendEvent);
        return group;
    }

    private static async Task<Results<Ok<List<HookLogEntity>>, BadRequest<GitLabError>, JsonHttpResult<GitLabMessage>>> ListEvents(
        string hookId, CallerIdentity caller, Pagination page, HttpContext http, ProjectHookStore hooks, HookEventStore events, CancellationToken ct)
    {
        if (ProjectHooksApi.HookId(hookId) is not { } id)
        {
            return GitLabErrors.Invalid("hook_id");
        }
        if (StatusRanges(http.Request.Query["status"]) is not { } statuses)
        {
            return TypedResults.BadRequest(new GitLabError("status does not have a valid value"));
        }
        if (await hooks.FindAsync(caller.ProjectId ?? 0, id, ct) is null)
        {
            return ProjectHooksApi.NotFound();
        }
        var (rows, total) = await events.ListLogsAsync(id, statuses, page.Offset, page.PerPage, ct);
        page.WriteHeaders(http, total);
        return TypedResults.Ok(rows.Select(HookLogEntity.From).ToList());
    }

    private static async Task<Results<Created<ResendEntity>, BadRequest<GitLabError>, JsonHttpResult<GitLabMessage>>> ResendEvent(
        string hookId, string hookLogId, CallerIdentity caller, [AsParameters] HookEventServices services, CancellationToken ct)
    {
        if (ProjectHooksApi.HookId(hookId) is not { } id)
        {
            return GitLabErrors.Invalid("hook_id");
        }
        if (ProjectHooksApi.HookId(hookLogId) is not { } logId)
        {
            return GitLabErrors.Invalid("hook_log_id");
        }
        if (await services.Hooks.FindForDeliveryAsync(caller.ProjectId ?? 0, id, ct) is not (var hook, var secrets)
            || await services.Events.FindLogAsync(id, logId, ct) is not { } log)
        {
            return ProjectHooksApi.NotFound();
        }
        if (log.Url != hook.Url)
        {
            return GitLabErrors.Status(StatusCodes.Status422UnprocessableEntity, UrlChanged);
        }
        // A new event with the same payload and the same Idempotency-Key (GitLab's resend keeps it), claimed by this
        // request for its first attempt, which answers it; should that fail, the dispatcher retries it as any other.
        var claim = Guid.NewGuid().ToString("N");
        var now = services.Clock.GetUtcNow();
        var resend = new HookEvent
        {
            Uuid = Guid.NewGuid().ToString("D"),
            HookId = log.HookId,
            ProjectId = log.ProjectId,
            PipelineId = log.PipelineId,
            PipelineStatus = log.PipelineStatus,
            IdempotencyKey = log.IdempotencyKey,
            HookTrigger = log.HookTrigger,
            Payload = log.Payload,
            State = "pending",
        };
        var queued = await services.Events.QueueAsync([(resend, null)], now, claim, now + services.Delivery.ClaimLength, ct);
        if (queued.Count == 0)
        {
            return ProjectHooksApi.NotFound();
        }
        var attempt = await services.Delivery.AttemptAsync(queued[0], hook, secrets, claim, ct);
        return TypedResults.Created((string?)null, new ResendEntity(attempt.StatusCode));
    }

    /// <summary>
    /// GitLab's <c>status</c> filter: comma-separated status codes or the categories <c>successful</c>,
    /// <c>client_failure</c> and <c>server_failure</c>; null when a value is none of these.
    /// </summary>
    public static IReadOnlyList<StatusRange>? StatusRanges(IEnumerable<string?> values)
    {
        var ranges = new List<StatusRange>();
        foreach (var value in values.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            StatusRange? range = value switch
            {
                "successful" => new StatusRange(200, 299),
                "client_failure" => new StatusRange(400, 499),
                "server_failure" => new StatusRange(500, 599),
                _ when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var code) && code is >= 100 and <= 599 => new StatusRange(code, code),
                _ => null,
            };
            if (range is null)
            {
                return null;
            }
            ranges.Add(range.Value);
        }
        return ranges;
    }
}

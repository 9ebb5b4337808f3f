using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using WvsMesh.ServiceDefaults.Http;
using WvsMesh.ServiceDefaults.Identity;

namespace WvsMesh.Webhooks.Deliveries;

/// <summary>A delivery as the log shows it (never the token; the body through <c>…/payload</c>).</summary>
internal sealed record TriggerDeliveryEntity(
    long Id, Guid Uuid, string Ref, string? DeliveryId, string? Event, string? ContentType, long Size, int? StatusCode, string Outcome,
    string? Message, long? PipelineId, DateTimeOffset ReceivedAt, DateTimeOffset? CompletedAt)
{
    public static TriggerDeliveryEntity From(TriggerDelivery delivery) => new(
        delivery.Id, delivery.Uuid, delivery.Ref, delivery.DeliveryKey, delivery.Event, delivery.ContentType, delivery.Size, delivery.StatusCode,
        delivery.Outcome, delivery.Message, delivery.PipelineId, delivery.ReceivedAt, delivery.CompletedAt);
}

/// <summary>
/// Beyond GitLab, the delivery log of the webhook form of the trigger URL, <c>/projects/:id/trigger_deliveries</c>, for
/// Maintainers and Owners. (The webhook form itself is Tokens': <c>TriggerPipelineApi</c>.)
/// </summary>
internal static class TriggerDeliveriesApi
{
    public static RouteGroupBuilder MapTriggerDeliveriesApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v4/projects/{projectId}/trigger_deliveries")
            .RequireSignedIdentity()
            .RequireProjectRole(AccessLevel.Maintainer)
            .WithTags("Trigger deliveries");
        group.MapGet("/", ListDeliveries);
        group.MapGet("/{deliveryId:long}", GetDelivery);
        group.MapGet("/{deliveryId:long}/payload", GetPayload);
        return group;
    }

    private static async Task<Results<Ok<List<TriggerDeliveryEntity>>, JsonHttpResult<GitLabMessage>>> ListDeliveries(
        CallerIdentity caller, Pagination page, HttpContext http, TriggerDeliveryStore store, CancellationToken ct)
    {
        var (rows, total) = await store.ListAsync(caller.ProjectId ?? 0, page.Offset, page.PerPage, ct);
        page.WriteHeaders(http, total);
        return TypedResults.Ok(rows.Select(TriggerDeliveryEntity.From).ToList());
    }

    private static async Task<Results<Ok<TriggerDeliveryEntity>, JsonHttpResult<GitLabMessage>>> GetDelivery(
        long deliveryId, CallerIdentity caller, TriggerDeliveryStore store, CancellationToken ct)
    {
        var delivery = await store.FindAsync(caller.ProjectId ?? 0, deliveryId, ct);
        return delivery is null ? NotFound() : TypedResults.Ok(TriggerDeliveryEntity.From(delivery));
    }

    /// <summary>The body as it arrived, with its content type; 404 when none was kept (too large, or unauthorised).</summary>
    private static async Task<Results<FileContentHttpResult, JsonHttpResult<GitLabMessage>>> GetPayload(long deliveryId, CallerIdentity caller, TriggerDeliveryStore store, CancellationToken ct)
    {
        var delivery = await store.FindAsync(caller.ProjectId ?? 0, deliveryId, ct);
        var body = delivery is null ? null : await store.BodyAsync(delivery.ProjectId ?? 0, delivery.Id, ct);
        return body is null || delivery is null
            ? NotFound()
            : TypedResults.Bytes(body, delivery.ContentType is { Length: > 0 } type ? type : "application/octet-stream");
    }

    private static JsonHttpResult<GitLabMessage> NotFound() => GitLabErrors.Status(StatusCodes.Status404NotFound, "404 Not found");
}

using System.Data.Common;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace WvsMesh.Webhooks.Deliveries;

/// <summary>One inbound delivery on the webhook form of the trigger URL. Never holds the token.</summary>
internal sealed record TriggerDelivery
{
    public long Id { get; init; }
    public required Guid Uuid { get; init; }
    public long? ProjectId { get; init; }
    public required string ProjectRef { get; init; }
    public required string Ref { get; init; }

    /// <summary>The sender's delivery id (<c>X-Gitlab-Event-UUID</c>, <c>X-GitHub-Delivery</c>, <c>webhook-id</c>, <c>Idempotency-Key</c>).</summary>
    public string? DeliveryKey { get; init; }

    /// <summary>The sender's event name (<c>X-Gitlab-Event</c> or <c>X-GitHub-Event</c>).</summary>
    public string? Event { get; init; }
    public string? ContentType { get; init; }
    public required long Size { get; init; }

    /// <summary>The body as it arrived (with any token in it masked); null when it was too large to keep.</summary>
    public byte[]? Body { get; init; }
    public int? StatusCode { get; init; }

    /// <summary><c>created</c>, <c>duplicate</c>, <c>pending</c>, <c>refused</c>, <c>failed</c>, <c>error</c>.</summary>
    public required string Outcome { get; init; }
    public string? Message { get; init; }
    public long? PipelineId { get; init; }
    public required DateTimeOffset ReceivedAt { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }
}

/// <summary>The delivery log: each delivery is written once, from the event Tokens publishes when it has answered it.</summary>
internal sealed class TriggerDeliveryStore([FromKeyedServices(WebhooksModule.Database)] DbDataSource dataSource)
{
    private const string Columns = """
        id, uuid, project_id, project_ref, ref, delivery_key, event, content_type, size, status_code, outcome, message, pipeline_id,
        received_at, completed_at
        """;

    private const string InsertOnceSql = """
        INSERT INTO trigger_deliveries (uuid, project_id, project_ref, ref, delivery_key, event, content_type, size, body, status_code, outcome,
            message, pipeline_id, received_at, completed_at)
        VALUES (@uuid, @projectId, @projectRef, @ref, @deliveryKey, @event, @contentType, @size, @body, @statusCode, @outcome,
            @message, @pipelineId, @receivedAt, @completedAt)
        ON CONFLICT (uuid) DO NOTHING
        """;

    /// <summary>
    /// Every delivery of a project naming a pipeline that an earlier-received one already named is a duplicate. Run after
    /// each insert, in whatever order the events came: the last run sees every row, so the log ends right either way.
    /// </summary>
    private const string MarkRepeatsSql = """
        UPDATE trigger_deliveries SET outcome = 'duplicate'
        WHERE project_id = @projectId AND pipeline_id = @pipelineId AND outcome <> 'duplicate'
          AND EXISTS (
            SELECT 1 FROM trigger_deliveries earlier
            WHERE earlier.project_id = @projectId AND earlier.pipeline_id = @pipelineId
              AND (earlier.received_at < trigger_deliveries.received_at
                OR (earlier.received_at = trigger_deliveries.received_at AND earlier.id < trigger_deliveries.id)))
        """;

    private const string OutcomeSql = "SELECT outcome FROM trigger_deliveries WHERE uuid = @uuid";

    private const string ListSql = $"SELECT {Columns} FROM trigger_deliveries WHERE project_id = @projectId ORDER BY id DESC LIMIT @limit OFFSET @offset";

    private const string CountSql = "SELECT COUNT(*) FROM trigger_deliveries WHERE project_id = @projectId";

    private const string FindSql = $"SELECT {Columns} FROM trigger_deliveries WHERE project_id = @projectId AND id = @id";

    private const string BodySql = "SELECT body FROM trigger_deliveries WHERE project_id = @projectId AND id = @id";

    /// <summary>
    /// Records a delivery once (keyed by its uuid: a second record of it changes nothing) and marks repeats of a pipeline;
    /// whether this call wrote it, and its outcome as the log now shows it (<c>duplicate</c> when an earlier delivery named
    /// its pipeline).
    /// </summary>
    public async Task<(bool Written, string Outcome)> RecordAsync(TriggerDelivery delivery, CancellationToken ct)
    {
        // A body that came without a valid token (404) or signature (401) is not kept: anyone can send those.
        var kept = delivery.StatusCode is 401 or 404 ? delivery with { Body = null } : delivery;
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var written = await connection.ExecuteAsync(new CommandDefinition(InsertOnceSql, Parameters(kept), cancellationToken: ct)) > 0;
        if (kept is { ProjectId: { } projectId, PipelineId: { } pipelineId })
        {
            await connection.ExecuteAsync(new CommandDefinition(MarkRepeatsSql, new { projectId, pipelineId }, cancellationToken: ct));
        }
        var outcome = await connection.ExecuteScalarAsync<string>(
            new CommandDefinition(OutcomeSql, new { uuid = kept.Uuid.ToString("D") }, cancellationToken: ct));
        return (written, outcome ?? kept.Outcome);
    }

    public async Task<(IReadOnlyList<TriggerDelivery> Page, long Total)> ListAsync(long projectId, int offset, int limit, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<TriggerDelivery>(new CommandDefinition(ListSql, new { projectId, limit, offset }, cancellationToken: ct));
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(CountSql, new { projectId }, cancellationToken: ct));
        return (rows.AsList(), total);
    }

    public async Task<TriggerDelivery?> FindAsync(long projectId, long id, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<TriggerDelivery>(new CommandDefinition(FindSql, new { projectId, id }, cancellationToken: ct));
    }

    public async Task<byte[]?> BodyAsync(long projectId, long id, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<byte[]?>(new CommandDefinition(BodySql, new { projectId, id }, cancellationToken: ct));
    }

    private static object Parameters(TriggerDelivery delivery) => new
    {
        uuid = delivery.Uuid.ToString("D"),
        projectId = delivery.ProjectId,
        projectRef = delivery.ProjectRef,
        @ref = delivery.Ref,
        deliveryKey = delivery.DeliveryKey,
        @event = delivery.Event,
        contentType = delivery.ContentType,
        size = delivery.Size,
        body = delivery.Body,
        statusCode = delivery.StatusCode,
        outcome = delivery.Outcome,
        message = delivery.Message,
        pipelineId = delivery.PipelineId,
        receivedAt = delivery.ReceivedAt,
        completedAt = delivery.CompletedAt,
    };
}

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

    /// <summary><c>received</c>, <c>created</c>, <c>duplicate</c>, <c>pending</c>, <c>refused</c>, <c>failed</c>, <c>error</c>.</summary>
    public required string Outcome { get; init; }
    public string? Message { get; init; }
    public long? PipelineId { get; init; }
    public required DateTimeOffset ReceivedAt { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }
}

/// <summary>The delivery log: each delivery is written when it arrives and completed with what became of it.</summary>
internal sealed class TriggerDeliveryStore([FromKeyedServices(WebhooksModule.Database)] DbDataSource dataSource)
{
    private const string Columns = """
        id, uuid, project_id, project_ref, ref, delivery_key, event, content_type, size, status_code, outcome, message, pipeline_id,
        received_at, completed_at
        """;

    private const string InsertSql = """
        INSERT INTO trigger_deliveries (uuid, project_id, project_ref, ref, delivery_key, event, content_type, size, body, status_code, outcome,
            message, pipeline_id, received_at, completed_at)
        VALUES (@uuid, @projectId, @projectRef, @ref, @deliveryKey, @event, @contentType, @size, @body, @statusCode, @outcome,
            @message, @pipelineId, @receivedAt, @completedAt)
        RETURNING id
        """;

    private const string CompleteSql = """
        UPDATE trigger_deliveries
        SET project_id = @projectId, status_code = @statusCode, outcome = @outcome, message = @message, pipeline_id = @pipelineId,
            completed_at = @completedAt, body = CASE WHEN @keepBody THEN body ELSE NULL END
        WHERE id = @id
        """;

    private const string EarlierWithPipelineSql = """
        SELECT COUNT(*) FROM trigger_deliveries WHERE project_id = @projectId AND pipeline_id = @pipelineId AND id < @id
        """;

    private const string ListSql = $"SELECT {Columns} FROM trigger_deliveries WHERE project_id = @projectId ORDER BY id DESC LIMIT @limit OFFSET @offset";

    private const string CountSql = "SELECT COUNT(*) FROM trigger_deliveries WHERE project_id = @projectId";

    private const string FindSql = $"SELECT {Columns} FROM trigger_deliveries WHERE project_id = @projectId AND id = @id";

    private const string BodySql = "SELECT body FROM trigger_deliveries WHERE project_id = @projectId AND id = @id";

    public async Task<TriggerDelivery> InsertAsync(TriggerDelivery delivery, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(InsertSql, Parameters(delivery), cancellationToken: ct));
        return delivery with { Id = id };
    }

    /// <summary>Records what became of a delivery; true when an earlier delivery of the project already named the same pipeline.</summary>
    public async Task<bool> CompleteAsync(TriggerDelivery delivery, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var repeated = delivery.PipelineId is { } pipelineId && await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            EarlierWithPipelineSql, new { projectId = delivery.ProjectId, pipelineId, id = delivery.Id }, cancellationToken: ct)) > 0;
        var completed = repeated ? delivery with { Outcome = "duplicate" } : delivery;
        // A body that came without a valid token (404) or signature (401) is not kept: anyone can send those.
        var keepBody = completed.StatusCode is not (401 or 404);
        await connection.ExecuteAsync(new CommandDefinition(CompleteSql, new
        {
            id = completed.Id,
            projectId = completed.ProjectId,
            statusCode = completed.StatusCode,
            outcome = completed.Outcome,
            message = completed.Message,
            pipelineId = completed.PipelineId,
            completedAt = completed.CompletedAt,
            keepBody,
        }, cancellationToken: ct));
        return repeated;
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
        id = delivery.Id,
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

using System.Data.Common;
using System.Globalization;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace WvsMesh.Webhooks.Hooks;

/// <summary>A hook event: one payload for one hook, attempted until delivered or given up.</summary>
internal sealed record HookEvent
{
    public long Id { get; init; }
    public required string Uuid { get; init; }
    public long HookId { get; init; }
    public long ProjectId { get; init; }
    public long PipelineId { get; init; }
    public required string PipelineStatus { get; init; }
    public required string IdempotencyKey { get; init; }
    public required string HookTrigger { get; init; }
    public required string Payload { get; init; }
    public required string State { get; init; }
    public int Attempts { get; init; }
}

/// <summary>One attempt as the delivery log keeps it, with the event it belongs to.</summary>
internal sealed record HookLog
{
    public long Id { get; init; }
    public long HookId { get; init; }
    public long EventId { get; init; }
    public int Attempt { get; init; }
    public required string Url { get; init; }
    public required string RequestHeaders { get; init; }
    public required string ResponseHeaders { get; init; }
    public required string ResponseBody { get; init; }
    public required string ResponseStatus { get; init; }
    public int? StatusCode { get; init; }
    public string? Error { get; init; }
    public double ExecutionDuration { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public string EventUuid { get; init; } = "";
    public string HookTrigger { get; init; } = "";
    public string Payload { get; init; } = "";
    public long ProjectId { get; init; }
    public long PipelineId { get; init; }
    public string PipelineStatus { get; init; } = "";
    public string IdempotencyKey { get; init; } = "";
}

/// <summary>What became of an attempt: when to try again (null: never), and the event's state.</summary>
internal sealed record AttemptResult(string State, DateTimeOffset? NextAttemptAt);

/// <summary>An inclusive range of response status codes the delivery log is filtered by.</summary>
internal readonly record struct StatusRange(int Min, int Max);

/// <summary>
/// Hook events and their delivery log. Replicas take an event by claiming it: a conditional UPDATE that only one of
/// them can win (it returns the event to the winner only), on SQLite and PostgreSQL alike.
/// </summary>
internal sealed class HookEventStore([FromKeyedServices(WebhooksModule.Database)] DbDataSource dataSource)
{
    private const string EventColumns = "id, uuid, hook_id, project_id, pipeline_id, pipeline_status, idempotency_key, hook_trigger, payload, state, attempts";

    private const string QueueSql = """
        INSERT INTO hook_events (uuid, hook_id, project_id, pipeline_id, pipeline_status, dedup_key, idempotency_key, hook_trigger,
            payload, state, attempts, next_attempt_at, claim, locked_until, created_at)
        VALUES (@uuid, @hookId, @projectId, @pipelineId, @pipelineStatus, @dedupKey, @idempotencyKey, @hookTrigger,
            @payload, 'pending', 0, @now, @claim, @lockedUntil, @now)
        ON CONFLICT (hook_id, dedup_key) DO NOTHING
        RETURNING id
        """;

    private const string ListDueSql = """
        SELECT id FROM hook_events
        WHERE next_attempt_at <= @now AND (locked_until IS NULL OR locked_until < @now)
        ORDER BY next_attempt_at, id LIMIT @limit
        """;

    private const string ClaimSql = $"""
        UPDATE hook_events SET claim = @claim, locked_until = @lockedUntil
        WHERE id = @id AND next_attempt_at <= @now AND (locked_until IS NULL OR locked_until < @now)
        RETURNING {EventColumns}
        """;

    private const string InsertLogSql = """
        INSERT INTO hook_logs (hook_id, event_id, attempt, url, request_headers, response_headers, response_body, response_status,
            status_code, error, execution_duration, created_at)
        VALUES (@hookId, @eventId, @attempt, @url, @requestHeaders, @responseHeaders, @responseBody, @responseStatus,
            @statusCode, @error, @executionDuration, @createdAt)
        """;

    private const string FinishSql = """
        UPDATE hook_events SET attempts = @attempt, state = @state, next_attempt_at = @nextAttemptAt, claim = NULL, locked_until = NULL
        WHERE id = @id AND claim = @claim
        """;

    private const string LogColumns = """
        l.id, l.hook_id, l.event_id, l.attempt, l.url, l.request_headers, l.response_headers, l.response_body, l.response_status,
        l.status_code, l.error, l.execution_duration, l.created_at, e.uuid AS event_uuid, e.hook_trigger, e.payload,
        e.project_id, e.pipeline_id, e.pipeline_status, e.idempotency_key
        """;

    private const string FindLogSql = $"""
        SELECT {LogColumns} FROM hook_logs l JOIN hook_events e ON e.id = l.event_id
        WHERE l.hook_id = @hookId AND l.id = @id
        """;

    /// <summary>
    /// Queues <paramref name="events"/> (their ids and attempts are ignored); one that repeats a hook's dedup key is
    /// skipped. With <paramref name="claim"/> the new events are claimed until <paramref name="lockedUntil"/> by the caller.
    /// Returns the events queued now.
    /// </summary>
    public async Task<IReadOnlyList<HookEvent>> QueueAsync(
        IEnumerable<(HookEvent Event, string? DedupKey)> events, DateTimeOffset now, string? claim, DateTimeOffset? lockedUntil, CancellationToken ct)
    {
        var queued = new List<HookEvent>();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        foreach (var (hookEvent, dedupKey) in events)
        {
            var id = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(QueueSql, new
            {
                uuid = hookEvent.Uuid,
                hookId = hookEvent.HookId,
                projectId = hookEvent.ProjectId,
                pipelineId = hookEvent.PipelineId,
                pipelineStatus = hookEvent.PipelineStatus,
                dedupKey,
                idempotencyKey = hookEvent.IdempotencyKey,
                hookTrigger = hookEvent.HookTrigger,
                payload = hookEvent.Payload,
                now,
                claim,
                lockedUntil,
            }, transaction, cancellationToken: ct));
            if (id is { } queuedId)
            {
                queued.Add(hookEvent with { Id = queuedId });
            }
        }
        await transaction.CommitAsync(ct);
        return queued;
    }

    /// <summary>Events whose next attempt is due and that no replica holds.</summary>
    public async Task<IReadOnlyList<long>> ListDueAsync(DateTimeOffset now, int limit, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<long>(new CommandDefinition(ListDueSql, new { now, limit }, cancellationToken: ct))).ToList();
    }

    /// <summary>Takes the event for one attempt and returns it; null when it is not due or another replica holds it.</summary>
    public async Task<HookEvent?> TryClaimAsync(long id, string claim, DateTimeOffset now, DateTimeOffset lockedUntil, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<HookEvent>(new CommandDefinition(ClaimSql, new { id, claim, now, lockedUntil }, cancellationToken: ct));
    }

    /// <summary>
    /// Logs the attempt and, while the claim still holds, moves the event on. A claim that lapsed mid-attempt leaves the
    /// event to the replica that took it over; the attempt is logged either way.
    /// </summary>
    public async Task FinishAttemptAsync(HookLog log, string claim, AttemptResult result, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(InsertLogSql, new
        {
            hookId = log.HookId,
            eventId = log.EventId,
            attempt = log.Attempt,
            url = log.Url,
            requestHeaders = log.RequestHeaders,
            responseHeaders = log.ResponseHeaders,
            responseBody = log.ResponseBody,
            responseStatus = log.ResponseStatus,
            statusCode = log.StatusCode,
            error = log.Error,
            executionDuration = log.ExecutionDuration,
            createdAt = log.CreatedAt,
        }, transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(FinishSql, new
        {
            id = log.EventId,
            attempt = log.Attempt,
            state = result.State,
            nextAttemptAt = result.NextAttemptAt,
            claim,
        }, transaction, cancellationToken: ct));
        await transaction.CommitAsync(ct);
    }

    /// <summary>The hook's delivery log, newest first, optionally only answers whose status is in one of <paramref name="statuses"/>.</summary>
    public async Task<(IReadOnlyList<HookLog> Page, long Total)> ListLogsAsync(
        long hookId, IReadOnlyList<StatusRange> statuses, int offset, int limit, CancellationToken ct)
    {
        var parameters = new DynamicParameters(new { hookId, limit, offset });
        // The filter's shape depends only on how many ranges there are; every value is a parameter.
        var ranges = statuses.Select((range, i) =>
        {
            parameters.Add(string.Create(CultureInfo.InvariantCulture, $"min{i}"), range.Min);
            parameters.Add(string.Create(CultureInfo.InvariantCulture, $"max{i}"), range.Max);
            return string.Create(CultureInfo.InvariantCulture, $"l.status_code BETWEEN @min{i} AND @max{i}");
        }).ToList();
        var where = ranges.Count == 0 ? "l.hook_id = @hookId" : $"l.hook_id = @hookId AND ({string.Join(" OR ", ranges)})";
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"SELECT COUNT(*) FROM hook_logs l WHERE {where}", parameters, cancellationToken: ct));
        var page = await connection.QueryAsync<HookLog>(new CommandDefinition(
            $"SELECT {LogColumns} FROM hook_logs l JOIN hook_events e ON e.id = l.event_id WHERE {where} ORDER BY l.id DESC LIMIT @limit OFFSET @offset",
            parameters, cancellationToken: ct));
        return (page.ToList(), total);
    }

    public async Task<HookLog?> FindLogAsync(long hookId, long id, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<HookLog>(new CommandDefinition(FindLogSql, new { hookId, id }, cancellationToken: ct));
    }
}

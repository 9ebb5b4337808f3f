using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WvsMesh.ServiceDefaults;

namespace WvsMesh.Webhooks.Hooks;

/// <summary>
/// Turns pipeline news into durable hook events, one per interested hook, and wakes the dispatcher. Idempotent: the
/// same pipeline in the same status queues nothing the second time (a redelivered message, a replayed event).
/// </summary>
internal sealed class HookEventQueue(
    ProjectHookStore hooks,
    HookEventStore events,
    HookDispatchSignal signal,
    IOptions<WvsOptions> wvs,
    TimeProvider clock,
    ILogger<HookEventQueue> logger)
{
    public async Task<int> QueuePipelineEventAsync(PipelineHookSource source, CancellationToken ct)
    {
        var pipeline = source.Pipeline;
        var interested = await hooks.ListForPipelineEventsAsync(pipeline.ProjectId, ct);
        if (interested.Count == 0)
        {
            return 0;
        }
        var payload = PipelineHookPayload.Build(source, wvs.Value.ExternalUrl);
        var queued = await events.QueueAsync(
            interested.Select(hook => (NewEvent(hook, source, payload), (string?)source.DedupKey)), clock.GetUtcNow(), null, null, ct);
        if (queued.Count > 0)
        {
            ProjectHooksLog.Queued(logger, queued.Count, pipeline.Id, pipeline.Status, pipeline.ProjectId);
            signal.Wake();
        }
        return queued.Count;
    }

    private static HookEvent NewEvent(ProjectHook hook, PipelineHookSource source, string payload) => new()
    {
        Uuid = Guid.NewGuid().ToString("D"),
        HookId = hook.Id,
        ProjectId = hook.ProjectId,
        PipelineId = source.Pipeline.Id,
        PipelineStatus = source.Pipeline.Status,
        IdempotencyKey = Guid.NewGuid().ToString("D"),
        HookTrigger = PipelineHookPayload.Trigger,
        Payload = payload,
        State = "pending",
    };
}

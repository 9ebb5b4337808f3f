using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WvsMesh.ServiceDefaults;

namespace WvsMesh.Webhooks.Hooks;

/// <summary>
/// Sends one attempt of a hook event and records it: a 2xx answer delivers the event; any other answer, a timeout or
/// a connection error is a failed attempt, tried again on <see cref="RetrySchedule"/> until it is given up.
/// </summary>
internal sealed class HookDelivery(
    HookEventStore events,
    ProjectHookStore hooks,
    HookConnections connections,
    IOptions<WebhooksOptions> options,
    IOptions<WvsOptions> wvs,
    TimeProvider clock,
    ILogger<HookDelivery> logger)
{
    public const int MaxResponseBodyBytes = 2048;

    public const string NoAnswer = "internal error";

    /// <summary>How long a replica holds an event it attempts: the request's timeout plus room to record the result.</summary>
    public TimeSpan ClaimLength => options.Value.DeliveryTimeout + TimeSpan.FromSeconds(30);

    /// <summary>Claims a due event and attempts it; false when it was not due or another replica took it.</summary>
    public async Task<bool> TryAttemptAsync(long eventId, CancellationToken ct)
    {
        var claim = Guid.NewGuid().ToString("N");
        var now = clock.GetUtcNow();
        if (await events.TryClaimAsync(eventId, claim, now, now + ClaimLength, ct) is not { } hookEvent)
        {
            return false;
        }
        await AttemptAsync(hookEvent, claim, ct);
        return true;
    }

    /// <summary>Sends the next attempt of an event this replica has claimed; null when its hook was deleted meanwhile.</summary>
    public async Task<HookLog?> AttemptAsync(HookEvent hookEvent, string claim, CancellationToken ct) =>
        await hooks.FindForDeliveryAsync(hookEvent.ProjectId, hookEvent.HookId, ct) is (var hook, var secrets)
            ? await AttemptAsync(hookEvent, hook, secrets, claim, ct)
            : null;

    /// <summary>Sends the next attempt of an event this replica has claimed, to <paramref name="hook"/> as the caller read it.</summary>
    public async Task<HookLog> AttemptAsync(HookEvent hookEvent, ProjectHook hook, HookSecrets secrets, string claim, CancellationToken ct)
    {
        var attempt = hookEvent.Attempts + 1;
        var body = Encoding.UTF8.GetBytes(hookEvent.Payload);
        var startedAt = clock.GetUtcNow();
        var headers = HookRequestHeaders.Build(hookEvent, secrets, wvs.Value.ExternalUrl, Guid.NewGuid(), startedAt, body);
        using var activity = ProjectHooksTelemetry.ActivitySource.StartActivity("hook attempt", ActivityKind.Client);
        activity?.SetTag("wvs.hook.id", hook.Id);
        activity?.SetTag("wvs.hook.event_uuid", hookEvent.Uuid);
        activity?.SetTag("wvs.hook.attempt", attempt);

        var started = clock.GetTimestamp();
        var answer = await SendAsync(hook, headers, body, ct);
        var elapsed = clock.GetElapsedTime(started);
        var delivered = answer.StatusCode is >= 200 and < 300;
        var retryIn = delivered ? null : RetrySchedule.From(options.Value).DelayAfter(attempt);
        var result = delivered
            ? new AttemptResult("delivered", null)
            : retryIn is { } wait ? new AttemptResult("pending", clock.GetUtcNow() + wait) : new AttemptResult("failed", null);
        var log = new HookLog
        {
            HookId = hook.Id,
            EventId = hookEvent.Id,
            Attempt = attempt,
            Url = hook.Url,
            RequestHeaders = JsonSerializer.Serialize(HookRequestHeaders.Loggable(headers)),
            ResponseHeaders = JsonSerializer.Serialize(answer.Headers),
            ResponseBody = answer.Body,
            ResponseStatus = answer.StatusCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? NoAnswer,
            StatusCode = answer.StatusCode,
            Error = answer.Error,
            ExecutionDuration = elapsed.TotalSeconds,
            CreatedAt = startedAt,
            EventUuid = hookEvent.Uuid,
            HookTrigger = hookEvent.HookTrigger,
            Payload = hookEvent.Payload,
            ProjectId = hookEvent.ProjectId,
            PipelineId = hookEvent.PipelineId,
            PipelineStatus = hookEvent.PipelineStatus,
            IdempotencyKey = hookEvent.IdempotencyKey,
        };
        // The outcome is recorded even when the host is stopping, so the attempt is not made twice for nothing.
        await events.FinishAttemptAsync(log, claim, result, CancellationToken.None);

        var outcome = answer.StatusCode is { } status ? $"HTTP {status}" : answer.Error ?? NoAnswer;
        activity?.SetTag("http.response.status_code", answer.StatusCode);
        activity?.SetStatus(delivered ? ActivityStatusCode.Ok : ActivityStatusCode.Error);
        ProjectHooksTelemetry.Attempts.Add(1, new KeyValuePair<string, object?>("outcome", delivered ? "delivered" : result.State == "failed" ? "given_up" : "retrying"));
        var host = HostOf(hook.Url);
        ProjectHooksLog.Attempted(logger, hook.Id, hookEvent.Uuid, attempt, host, outcome, (long)elapsed.TotalMilliseconds);
        if (result.State == "failed")
        {
            ProjectHooksLog.GivenUp(logger, hook.Id, hookEvent.Uuid, attempt);
        }
        return log;
    }

    private async Task<Answer> SendAsync(ProjectHook hook, IReadOnlyList<KeyValuePair<string, string>> headers, byte[] body, CancellationToken ct)
    {
        var timeout = options.Value.DeliveryTimeout;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        using var request = new HttpRequestMessage(HttpMethod.Post, hook.Url) { Content = new ByteArrayContent(body) };
        foreach (var (name, value) in headers)
        {
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                request.Content.Headers.ContentType = new MediaTypeHeaderValue(value);
            }
            else
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }
        try
        {
            using var response = await connections.For(hook.EnableSslVerification)
                .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            var responseHeaders = response.Headers.Concat(response.Content.Headers)
                .GroupBy(header => header.Key, StringComparer.OrdinalIgnoreCase)
                .ToDictionary(group => group.Key, group => string.Join(", ", group.SelectMany(header => header.Value)), StringComparer.OrdinalIgnoreCase);
            return new Answer((int)response.StatusCode, responseHeaders, await ReadPrefixAsync(response.Content, deadline.Token), null);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return Answer.Failed($"Timed out after {timeout.TotalSeconds:0.###} s");
        }
        catch (HttpRequestException e)
        {
            return Answer.Failed(Describe(e));
        }
        catch (IOException e)
        {
            return Answer.Failed(Describe(e));
        }
    }

    /// <summary>The first 2 KB of the answer's body (GitLab keeps no more), read without buffering the rest.</summary>
    private static async Task<string> ReadPrefixAsync(HttpContent content, CancellationToken ct)
    {
        await using var stream = await content.ReadAsStreamAsync(ct);
        var buffer = new byte[MaxResponseBodyBytes];
        var read = 0;
        while (read < buffer.Length && await stream.ReadAsync(buffer.AsMemory(read), ct) is var n and > 0)
        {
            read += n;
        }
        return Encoding.UTF8.GetString(buffer, 0, read);
    }

    /// <summary>The error's own words, innermost first for a refused local address; messages name host and port at most.</summary>
    private static string Describe(Exception error)
    {
        for (var inner = error; inner is not null; inner = inner.InnerException)
        {
            if (inner is LocalAddressRefusedException refused)
            {
                return refused.Message;
            }
        }
        return error.InnerException is { } cause && !error.Message.Contains(cause.Message, StringComparison.Ordinal)
            ? $"{error.Message} {cause.Message}"
            : error.Message;
    }

    private static string HostOf(string url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.Host : "?";

    private sealed record Answer(int? StatusCode, Dictionary<string, string> Headers, string Body, string? Error)
    {
        public static Answer Failed(string error) => new(null, new Dictionary<string, string>(), "", error);
    }
}

using System.Diagnostics;
using System.Net;
using System.Text;
using WvsMesh.TestKit;
using Xunit;

namespace WvsMesh.EndToEnd.Tests.Distributed;

/// <summary>
/// One trigger is one trace across processes: each host prints its spans (console exporter), and following parent ids
/// from the pipeline's creation leads back through every service the trigger crossed to the caller's own span.
/// </summary>
[Collection(DistributedComposition.Name)]
public sealed class Tracing_one_trigger_across_separate_hosts(DistributedHosts hosts)
{
    private const string Gateway = "WvsMesh.Gateway.Host";
    private const string Tokens = "WvsMesh.Tokens.Host";
    private const string Pipelines = "WvsMesh.Pipelines.Host";
    private const string Webhooks = "WvsMesh.Webhooks.Host";

    [Fact]
    public async Task The_api_form_chains_gateway_tokens_and_pipelines_under_the_callers_traceparent()
    {
        hosts.Require();
        var ct = TestContext.Current.CancellationToken;
        var api = hosts.Api();
        using var slice = await TriggerSlice.ArrangeAsync(api, ct);
        using var form = new FormUrlEncodedContent([new("token", slice.Token), new("ref", "main")]);

        var chain = await TraceAsync(api, $"/api/v4/projects/{slice.ProjectId}/trigger/pipeline", form, ct);

        Assert.Equal([Pipelines, Tokens, Gateway], Services(chain));
        Assert.Contains(chain, span => span.Service == Tokens && span.Kind == "Producer");
        Assert.Contains(chain, span => span.Service == Tokens && span.Kind == "Server");
        Assert.Equal("Server", chain[^1].Kind);
    }

    /// <summary>
    /// #14: the webhook form is served by Tokens itself, like the API form (no relay through Webhooks), and the delivery
    /// log hears of it by the event Tokens publishes: Webhooks consumes it in the same trace, under Tokens' publish.
    /// </summary>
    [Fact]
    public async Task The_webhook_form_chains_gateway_tokens_and_pipelines_and_reaches_the_delivery_log_by_an_event()
    {
        hosts.Require();
        var ct = TestContext.Current.CancellationToken;
        var api = hosts.Api();
        using var slice = await TriggerSlice.ArrangeAsync(api, ct);
        using var body = new StringContent("""{"object_kind":"push","ref":"refs/heads/main"}""", Encoding.UTF8, "application/json");

        var chain = await TraceAsync(api, $"/api/v4/projects/{slice.ProjectId}/ref/main/trigger/pipeline?token={slice.Token}", body, ct);

        Assert.Equal([Pipelines, Tokens, Gateway], Services(chain));
        Assert.Contains(chain, span => span.Service == Tokens && span.Kind == "Server");
        IReadOnlyList<ConsoleSpan> logged = [];
        await Eventually.UntilAsync(() =>
        {
            var spans = new[] { hosts.Gateway, hosts.Webhooks, hosts.Tokens }
                .SelectMany(host => ConsoleSpans.Parse(host.Output)).Where(span => span.TraceId == chain[0].TraceId).ToList();
            var consumed = spans.FirstOrDefault(span => span is { Service: Webhooks, Kind: "Consumer" }
                && span.Name.Contains("trigger-delivery-handled", StringComparison.Ordinal) && span.Name.EndsWith(" process", StringComparison.Ordinal));
            logged = consumed is null ? [] : ConsoleSpans.Ancestry(consumed, spans);
            return logged.Count > 0 && logged[^1] is { Service: Gateway, Kind: "Server" };
        }, done => done, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(100), ct);
        Assert.Equal([Webhooks, Tokens, Gateway], Services(logged));
        Assert.Contains(logged, span => span.Service == Tokens && span.Kind == "Producer");
    }

    /// <summary>
    /// Sends the trigger under a caller span of its own, then returns the ancestry of the span in which Pipelines
    /// processed <c>PipelineRequested</c>, from that span up to the gateway's server span.
    /// </summary>
    private async Task<IReadOnlyList<ConsoleSpan>> TraceAsync(GitLabApiClient api, string path, HttpContent content, CancellationToken ct)
    {
        using var caller = new Activity("caller").SetParentId(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded).Start();
        var traceId = caller.TraceId.ToHexString();
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Headers.Add("traceparent", $"00-{traceId}-{caller.SpanId.ToHexString()}-01");
        using (var response = await api.Http.SendAsync(request, ct))
        {
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }
        caller.Stop();

        IReadOnlyList<ConsoleSpan> chain = [];
        var complete = await Eventually.UntilAsync(() =>
        {
            // A span is printed when it ends, through each host's redirected console; on a loaded machine one run still missed
            // Tokens' server span 10 s after the answer, so the wait is generous (it ends as soon as the chain is complete).
            var spans = new[] { hosts.Gateway, hosts.Webhooks, hosts.Tokens, hosts.Pipelines }
                .SelectMany(host => ConsoleSpans.Parse(host.Output)).Where(span => span.TraceId == traceId).ToList();
            var processed = spans.FirstOrDefault(span => span is { Service: Pipelines, Kind: "Consumer" }
                && span.Name.Contains("pipeline-requested", StringComparison.Ordinal) && span.Name.EndsWith(" process", StringComparison.Ordinal));
            if (processed is null)
            {
                return false;
            }
            chain = ConsoleSpans.Ancestry(processed, spans);
            // Complete when the top is the gateway's server span, whose parent (the caller's span) no host printed.
            return chain[^1] is { Service: Gateway, Kind: "Server", ParentSpanId: not null } top && spans.All(span => span.SpanId != top.ParentSpanId);
        }, complete => complete, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(100), ct);
        if (complete)
        {
            return chain;
        }
        Assert.Fail($"no complete span chain for trace {traceId}; found: {string.Join(" <- ", chain.Select(span => $"{span.Service}:{span.Kind}:{span.Name}"))}");
        return chain;
    }

    /// <summary>The services along a chain, each once per stretch of consecutive spans.</summary>
    private static List<string> Services(IEnumerable<ConsoleSpan> chain)
    {
        var services = new List<string>();
        foreach (var span in chain)
        {
            if (services.Count == 0 || services[^1] != span.Service)
            {
                services.Add(span.Service);
            }
        }
        return services;
    }
}

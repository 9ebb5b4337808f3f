using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using WvsMesh.TestKit;
using Xunit;

namespace WvsMesh.EndToEnd.Tests.AllInOne;

/// <summary>One trigger is one trace: the HTTP request, the Tokens work, the bus hop and the pipeline creation.</summary>
public sealed class Tracing_a_trigger_in_the_embedded_host(AllInOneApp app) : IClassFixture<AllInOneApp>, IDisposable
{
    private readonly ConcurrentBag<Activity> _stopped = [];
    private readonly ActivityListener _listener = new()
    {
        ShouldListenTo = _ => true,
        Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
    };

    [Fact]
    public async Task Gateway_tokens_bus_and_pipelines_share_the_callers_trace_id()
    {
        var ct = TestContext.Current.CancellationToken;
        _listener.ActivityStopped = _stopped.Add;
        ActivitySource.AddActivityListener(_listener);
        var api = app.Api();
        using var slice = await TriggerSlice.ArrangeAsync(api, ct);
        using var caller = new Activity("caller").SetParentId(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded).Start();
        var traceId = caller.TraceId;

        using var form = new FormUrlEncodedContent([new("token", slice.Token), new("ref", "main")]);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v4/projects/{slice.ProjectId}/trigger/pipeline") { Content = form };
        request.Headers.Add("traceparent", $"00-{traceId}-{caller.SpanId}-01");
        using var response = await api.Http.SendAsync(request, ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var trace = _stopped.Where(activity => activity.TraceId == traceId).ToList();
        Assert.Contains(trace, a => a.Source.Name == "Microsoft.AspNetCore" && a.Kind == ActivityKind.Server);
        Assert.Contains(trace, a => a.Source.Name == "WvsMesh.Tokens");
        Assert.Contains(trace, a => a.Source.Name == "MassTransit" && a.Kind == ActivityKind.Producer);
        Assert.Contains(trace, a => a.Source.Name == "MassTransit" && a.Kind == ActivityKind.Consumer);
        Assert.Contains(trace, a => a.Source.Name == "WvsMesh.Pipelines");
    }

    public void Dispose() => _listener.Dispose();
}

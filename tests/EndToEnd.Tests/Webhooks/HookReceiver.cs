using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using WvsMesh.TestKit;

namespace WvsMesh.EndToEnd.Tests.Webhooks;

/// <summary>One request a <see cref="HookReceiver"/> got: its headers and its body, byte for byte.</summary>
internal sealed record HookRequest(IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public JsonObject Json => JsonNode.Parse(Body)?.AsObject() ?? throw new InvalidOperationException("the body is no JSON object");
}

/// <summary>
/// A hook receiver on a free loopback port (Kestrel in the test process): <c>POST /hook</c> answers the statuses it was
/// given, one per request, then 200; a failure answer's body is longer than the 2 KB the delivery log keeps.
/// </summary>
internal sealed class HookReceiver : IAsyncDisposable
{
    public static readonly string FailureBody = "receiver failed: " + new string('x', 3000);

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<int> _answers;
    private readonly ConcurrentQueue<HookRequest> _requests = new();

    private HookReceiver(WebApplication app, IEnumerable<int> answers)
    {
        _app = app;
        _answers = new ConcurrentQueue<int>(answers);
        app.MapPost("/hook", ReceiveAsync);
    }

    /// <summary>Where hooks should post.</summary>
    public string Url => _app.Urls.Single().TrimEnd('/') + "/hook";

    public IReadOnlyList<HookRequest> Requests => [.. _requests];

    /// <summary>Starts a receiver that answers <paramref name="answers"/> first (e.g. 500, 502), then 200.</summary>
    public static async Task<HookReceiver> StartAsync(CancellationToken ct, params int[] answers)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var receiver = new HookReceiver(builder.Build(), answers);
        await receiver._app.StartAsync(ct);
        return receiver;
    }

    /// <summary>The requests once there are at least <paramref name="count"/>; fails after 30 seconds.</summary>
    public async Task<IReadOnlyList<HookRequest>> WaitForAsync(int count, CancellationToken ct)
    {
        var received = await Eventually.UntilAsync(() => _requests.Count, received => received >= count, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(50), ct);
        if (received < count)
        {
            throw new TimeoutException($"the receiver got {received} of {count} request(s) in 30 s");
        }
        return Requests;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task<IResult> ReceiveAsync(HttpRequest request)
    {
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, request.HttpContext.RequestAborted);
        var headers = request.Headers.ToDictionary(header => header.Key, header => header.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        _requests.Enqueue(new HookRequest(headers, body.ToArray()));
        return _answers.TryDequeue(out var status)
            ? Results.Text(FailureBody, "text/plain", statusCode: status)
            : Results.Json(new { received = true });
    }
}

using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using WvsMesh.TestKit;

namespace WvsMesh.Runner.Tests;

/// <summary>
/// GitLab's runner API as the runner sees it, in memory on 127.0.0.1: hands out queued jobs, records states and
/// traces, and writes down every protocol breach (a gap or overlap in Content-Range, a trace after the final state).
/// </summary>
internal sealed class FakeRunnerServer : IAsyncDisposable
{
    public const string RunnerToken = "glrt-runner-token-7d1e0c";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<JsonObject> _queue = new();
    private readonly ConcurrentDictionary<long, ServedJob> _jobs = new();
    private readonly ConcurrentQueue<string> _violations = new();
    private int _jobRequests;

    private FakeRunnerServer(WebApplication app) => _app = app;

    public Uri Url => new(_app.Urls.First());

    /// <summary>Protocol breaches seen so far; a correct runner leaves this empty.</summary>
    public IReadOnlyCollection<string> Violations => _violations;

    public int JobRequests => Volatile.Read(ref _jobRequests);

    /// <summary>Answers the first trace chunk of these jobs with 416 and <c>Range: 0-0</c>, as a server that lost it would.</summary>
    public ConcurrentDictionary<long, bool> ForgetFirstChunk { get; } = new();

    public static async Task<FakeRunnerServer> StartAsync(CancellationToken ct)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeRunnerServer(app);
        app.MapPost("/api/v4/jobs/request", server.RequestJobAsync);
        app.MapPut("/api/v4/jobs/{id:long}", server.UpdateJobAsync);
        app.MapPatch("/api/v4/jobs/{id:long}/trace", server.PatchTraceAsync);
        await app.StartAsync(ct);
        return server;
    }

    /// <summary>Queues a job (snake_case JSON as the server sends it); its <c>id</c> and <c>token</c> are kept for checking.</summary>
    public void Enqueue(JsonObject job)
    {
        var id = job["id"]?.GetValue<long>() ?? throw new ArgumentException("a job needs an id", nameof(job));
        _jobs[id] = new ServedJob(id, job["token"]?.GetValue<string>() ?? "");
        _queue.Enqueue(job);
    }

    public ServedJob Job(long id) => _jobs[id];

    /// <summary>Waits until every one of <paramref name="ids"/> has a final state.</summary>
    public async Task WaitUntilFinishedAsync(IEnumerable<long> ids, TimeSpan timeout, CancellationToken ct)
    {
        if (!await Eventually.UntilAsync(() => ids.All(id => _jobs[id].IsFinished), finished => finished, timeout, TimeSpan.FromMilliseconds(100), ct))
        {
            throw new TimeoutException("jobs not finished: " + string.Join(", ", ids.Where(id => !_jobs[id].IsFinished)));
        }
    }

    /// <summary>Waits until a job's trace contains <paramref name="text"/>.</summary>
    public async Task WaitForTraceAsync(long id, string text, TimeSpan timeout, CancellationToken ct)
    {
        var trace = await Eventually.UntilAsync(() => _jobs[id].Trace, trace => trace.Contains(text, StringComparison.Ordinal), timeout, TimeSpan.FromMilliseconds(100), ct);
        if (!trace.Contains(text, StringComparison.Ordinal))
        {
            throw new TimeoutException($"job {id}'s trace never showed '{text}':\n{trace}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task<IResult> RequestJobAsync(HttpRequest request, CancellationToken ct)
    {
        Interlocked.Increment(ref _jobRequests);
        var body = await JsonNode.ParseAsync(request.Body, cancellationToken: ct);
        if (body?["token"]?.GetValue<string>() != RunnerToken)
        {
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        }
        if (body["info"]?["executor"]?.GetValue<string>() != "shell" || body["info"]?["features"]?["masking"]?.GetValue<bool>() != true)
        {
            _violations.Enqueue("job request without runner info: " + body.ToJsonString());
        }
        // A short long-poll: wait a little for a job before answering 204.
        for (var i = 0; i < 10; i++)
        {
            if (_queue.TryDequeue(out var job))
            {
                return Results.Text(job.ToJsonString(), "application/json", Encoding.UTF8, StatusCodes.Status201Created);
            }
            await Task.Delay(50, ct);
        }
        return Results.NoContent();
    }

    private async Task<IResult> UpdateJobAsync(long id, HttpRequest request, CancellationToken ct)
    {
        if (!_jobs.TryGetValue(id, out var job))
        {
            return Results.NotFound();
        }
        using var body = await JsonDocument.ParseAsync(request.Body, cancellationToken: ct);
        var root = body.RootElement;
        if (!root.TryGetProperty("token", out var token) || token.GetString() != job.Token)
        {
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        }
        lock (job)
        {
            if (job.IsFinished)
            {
                return Results.StatusCode(StatusCodes.Status403Forbidden);
            }
            var state = root.GetProperty("state").GetString() ?? "";
            job.States.Add(state);
            if (state is "success" or "failed")
            {
                job.FailureReason = root.GetProperty("failure_reason").ValueKind == JsonValueKind.Null ? null : root.GetProperty("failure_reason").GetString();
                job.ExitCode = root.GetProperty("exit_code").ValueKind == JsonValueKind.Null ? null : root.GetProperty("exit_code").GetInt32();
                job.TraceAtFinish = job.Trace;
            }
            else if (state != "running")
            {
                _violations.Enqueue($"job {id}: unknown state {state}");
            }
        }
        return Results.Ok();
    }

    private async Task<IResult> PatchTraceAsync(long id, HttpContext context, CancellationToken ct)
    {
        if (!_jobs.TryGetValue(id, out var job))
        {
            return Results.NotFound();
        }
        if (context.Request.Headers["JOB-TOKEN"] != job.Token)
        {
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        }
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, ct);
        var bytes = buffer.ToArray();
        var range = context.Request.Headers["Content-Range"].ToString().Split('-');
        lock (job)
        {
            if (job.IsFinished)
            {
                _violations.Enqueue($"job {id}: trace sent after the final state");
                return Results.StatusCode(StatusCodes.Status403Forbidden);
            }
            if (context.Request.ContentType != "text/plain"
                || range.Length != 2
                || !long.TryParse(range[0], CultureInfo.InvariantCulture, out var start)
                || !long.TryParse(range[1], CultureInfo.InvariantCulture, out var end)
                || end - start + 1 != bytes.Length)
            {
                _violations.Enqueue($"job {id}: bad trace request ({context.Request.ContentType}, Content-Range '{context.Request.Headers["Content-Range"]}', {bytes.Length} bytes)");
                return Results.BadRequest();
            }
            if (ForgetFirstChunk.TryRemove(id, out _))
            {
                job.Bytes.SetLength(0);
                context.Response.Headers["Range"] = "0-0";
                return Results.StatusCode(StatusCodes.Status416RangeNotSatisfiable);
            }
            if (start != job.Bytes.Length)
            {
                _violations.Enqueue($"job {id}: chunk starts at {start}, the server holds {job.Bytes.Length} bytes");
                context.Response.Headers["Range"] = $"0-{job.Bytes.Length}";
                return Results.StatusCode(StatusCodes.Status416RangeNotSatisfiable);
            }
            job.Bytes.Write(bytes);
            job.Patches++;
            context.Response.Headers["Range"] = $"0-{job.Bytes.Length}";
        }
        return Results.StatusCode(StatusCodes.Status202Accepted);
    }
}

/// <summary>What the server knows about one handed-out job.</summary>
internal sealed class ServedJob(long id, string token)
{
    public long Id { get; } = id;

    public string Token { get; } = token;

    public List<string> States { get; } = [];

    public string? FailureReason { get; set; }

    public int? ExitCode { get; set; }

    public MemoryStream Bytes { get; } = new();

    public int Patches { get; set; }

    /// <summary>The trace as it stood when the final state arrived.</summary>
    public string? TraceAtFinish { get; set; }

    public bool IsFinished
    {
        get
        {
            lock (this)
            {
                return States.Count > 0 && States[^1] is "success" or "failed";
            }
        }
    }

    public string? FinalState
    {
        get
        {
            lock (this)
            {
                return IsFinished ? States[^1] : null;
            }
        }
    }

    public string Trace
    {
        get
        {
            lock (this)
            {
                return Encoding.UTF8.GetString(Bytes.GetBuffer(), 0, (int)Bytes.Length);
            }
        }
    }
}
